-- Change feeds for more owner-scoped tables whose rows a client shows as they change: an
-- automation's or scheduled task's runs (the scheduler updates them), uploads being
-- processed, wallets, usage meters, an agent run's messages, a Luminor conversation's
-- latest message, and the settings and dashboard widgets a user changes on one device and
-- sees on the others. Each row goes to its owner (`user_id`), as its read policy says; the
-- test `changes` checks every route against the table's policies. No table here has a
-- column hidden from its owner, so the row may travel in the outbox.
CREATE TRIGGER automations_changes AFTER INSERT OR UPDATE OR DELETE ON public.automations
    FOR EACH ROW EXECUTE FUNCTION realtime.publish_change('user_id');
CREATE TRIGGER scheduled_tasks_changes AFTER INSERT OR UPDATE OR DELETE ON public.scheduled_tasks
    FOR EACH ROW EXECUTE FUNCTION realtime.publish_change('user_id');
CREATE TRIGGER media_assets_changes AFTER INSERT OR UPDATE OR DELETE ON public.media_assets
    FOR EACH ROW EXECUTE FUNCTION realtime.publish_change('user_id');
CREATE TRIGGER wallets_changes AFTER INSERT OR UPDATE OR DELETE ON public.wallets
    FOR EACH ROW EXECUTE FUNCTION realtime.publish_change('user_id');
CREATE TRIGGER usage_records_changes AFTER INSERT OR UPDATE OR DELETE ON public.usage_records
    FOR EACH ROW EXECUTE FUNCTION realtime.publish_change('user_id');
CREATE TRIGGER agent_messages_changes AFTER INSERT OR UPDATE OR DELETE ON public.agent_messages
    FOR EACH ROW EXECUTE FUNCTION realtime.publish_change('user_id');
CREATE TRIGGER luminor_conversations_changes
    AFTER INSERT OR UPDATE OR DELETE ON public.luminor_conversations
    FOR EACH ROW EXECUTE FUNCTION realtime.publish_change('user_id');
CREATE TRIGGER user_settings_changes AFTER INSERT OR UPDATE OR DELETE ON public.user_settings
    FOR EACH ROW EXECUTE FUNCTION realtime.publish_change('user_id');
CREATE TRIGGER user_widgets_changes AFTER INSERT OR UPDATE OR DELETE ON public.user_widgets
    FOR EACH ROW EXECUTE FUNCTION realtime.publish_change('user_id');
