-- The checkpoint's sessions as the session builder left them: the report of
-- every session no later event can change (base64; its rows are the first
-- --session-rows of them), while report_checkpoint_events keeps only what a
-- later run can still extend: each customer's last session cut by the
-- inactivity gap, and the events of sessions with a session_id.
ALTER TABLE report_checkpoint ADD COLUMN closed_sessions TEXT NOT NULL DEFAULT '';
