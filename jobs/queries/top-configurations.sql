-- Configurations ranked by mean final evaluation over seeds. Group by the settings your sweep varies.
SELECT learning_rate, target_update_interval,
       round(avg(final_eval_mean), 1) AS final_eval_mean,
       round(stddev_samp(final_eval_mean), 1) AS final_eval_std,
       count(*) AS seeds
FROM trials
WHERE status = 'DONE'
GROUP BY learning_rate, target_update_interval
ORDER BY final_eval_mean DESC;
