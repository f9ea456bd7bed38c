-- Evaluation return over training, one row per trial and evaluation step.
SELECT t.trial_id, t.seed, t.learning_rate, e.global_step, e.mean, e.std
FROM evals e JOIN trials t ON e.trial_id = t.trial_id
ORDER BY t.trial_id, e.global_step;
