-- A request's SLA due time is set as it is inserted (by the settings of that moment), so the row
-- the creating statement returns — and the API's 201 — already carries it, without a second
-- write of the row.
create function set_sla_due_at() returns trigger language plpgsql as $$
begin
    select new.created_at + s.sla_target_minutes * interval '1 minute' into new.sla_due_at
      from hitl_settings s where s.sla_target_minutes is not null;
    return new;
end;
$$;
create trigger human_input_requests_sla_due_at before insert on human_input_requests
    for each row execute function set_sla_due_at();
