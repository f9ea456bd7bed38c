-- Mean training return of each trial's last 100 episodes (a window over the episodes table).
SELECT trial_id, round(avg(`return`), 1) AS mean_return_last_100, max(global_step) AS last_step
FROM (
  SELECT trial_id, `return`, global_step,
         row_number() OVER (PARTITION BY trial_id ORDER BY episode DESC) AS from_end
  FROM episodes
)
WHERE from_end <= 100
GROUP BY trial_id
ORDER BY mean_return_last_100 DESC;
