-- Trials that failed or diverged, and why.
SELECT trial_id, seed, status, reason, attempts, env_steps, resumed_from_step
FROM trials
WHERE status <> 'DONE'
ORDER BY trial_id;
