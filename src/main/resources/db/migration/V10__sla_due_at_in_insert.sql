-- The SLA due time is computed by the statement that inserts requests (one look at the settings
-- per statement) instead of a trigger per row, which cost more than the rest of the insert.
drop trigger human_input_requests_sla_due_at on human_input_requests;
drop function set_sla_due_at();
