-- Every trial, best final evaluation first.
SELECT trial_id, seed, status, learning_rate, target_update_interval, final_eval_mean, final_eval_std,
       best_eval_mean, best_eval_step, env_steps, episodes, round(wall_seconds, 1) AS seconds, round(sps) AS sps
FROM trials
ORDER BY final_eval_mean DESC NULLS LAST;
