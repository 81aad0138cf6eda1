-- What a missing row means to a client, for every foreign key the earlier migrations left
-- without a comment (the form is that of m20261205_000030_constraint_messages): `NOT_FOUND`,
-- because row-level security makes a row the viewer may not see look absent, with the field
-- that refers to it (not sent with NOT_FOUND) and what it should have named. The test
-- `constraints` now requires a comment on every constraint, foreign keys included; a
-- foreign key added later gets its comment in the same migration.
COMMENT ON CONSTRAINT agent_artifacts_run_id_fkey ON public.agent_artifacts IS
    'NOT_FOUND runId: no such agent run';
COMMENT ON CONSTRAINT agent_artifacts_run_owner_fkey ON public.agent_artifacts IS
    'NOT_FOUND runId: no such agent run of yours';
COMMENT ON CONSTRAINT agent_artifacts_step_id_fkey ON public.agent_artifacts IS
    'NOT_FOUND stepId: no such step in this run';
COMMENT ON CONSTRAINT agent_artifacts_user_id_fkey ON public.agent_artifacts IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT agent_memory_run_owner_fkey ON public.agent_memory IS
    'NOT_FOUND runId: no such agent run of yours';
COMMENT ON CONSTRAINT agent_memory_user_id_fkey ON public.agent_memory IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT agent_messages_run_id_fkey ON public.agent_messages IS
    'NOT_FOUND runId: no such agent run';
COMMENT ON CONSTRAINT agent_messages_run_owner_fkey ON public.agent_messages IS
    'NOT_FOUND runId: no such agent run of yours';
COMMENT ON CONSTRAINT agent_messages_user_id_fkey ON public.agent_messages IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT agent_runs_user_id_fkey ON public.agent_runs IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT agent_steps_run_id_fkey ON public.agent_steps IS
    'NOT_FOUND runId: no such agent run';
COMMENT ON CONSTRAINT agent_steps_run_owner_fkey ON public.agent_steps IS
    'NOT_FOUND runId: no such agent run of yours';
COMMENT ON CONSTRAINT agent_steps_user_id_fkey ON public.agent_steps IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT ai_clones_user_id_fkey ON public.ai_clones IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT ai_memories_user_id_fkey ON public.ai_memories IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT ai_models_provider_id_fkey ON public.ai_models IS
    'NOT_FOUND providerId: no such AI provider';

COMMENT ON CONSTRAINT ai_sessions_user_id_fkey ON public.ai_sessions IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT ai_suggestion_applications_suggestion_id_fkey ON public.ai_suggestion_applications IS
    'NOT_FOUND suggestionId: no such AI suggestion';
COMMENT ON CONSTRAINT ai_suggestion_applications_user_id_fkey ON public.ai_suggestion_applications IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT ai_suggestions_model_id_fkey ON public.ai_suggestions IS
    'NOT_FOUND modelId: no such AI model';
COMMENT ON CONSTRAINT ai_suggestions_user_id_fkey ON public.ai_suggestions IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT ai_tasks_clone_id_fkey ON public.ai_tasks IS
    'NOT_FOUND cloneId: no such AI clone';

COMMENT ON CONSTRAINT ai_usage_model_id_fkey ON public.ai_usage IS
    'NOT_FOUND modelId: no such AI model';
COMMENT ON CONSTRAINT ai_usage_user_id_fkey ON public.ai_usage IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT api_keys_user_id_fkey ON public.api_keys IS
    'NOT_FOUND userId: no such user';

COMMENT ON CONSTRAINT audit_logs_user_id_fkey ON public.audit_logs IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT automation_runs_automation_id_fkey ON public.automation_runs IS
    'NOT_FOUND automationId: no such automation';

COMMENT ON CONSTRAINT automation_steps_automation_id_fkey ON public.automation_steps IS
    'NOT_FOUND automationId: no such automation';

COMMENT ON CONSTRAINT automations_user_id_fkey ON public.automations IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT bot_sessions_bot_id_fkey ON public.bot_sessions IS
    'NOT_FOUND botId: no such bot';
COMMENT ON CONSTRAINT bot_sessions_user_id_fkey ON public.bot_sessions IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT bot_training_examples_bot_id_fkey ON public.bot_training_examples IS
    'NOT_FOUND botId: no such bot';
COMMENT ON CONSTRAINT bot_training_examples_bot_owner_fkey ON public.bot_training_examples IS
    'NOT_FOUND botId: no such bot of yours';
COMMENT ON CONSTRAINT bot_training_examples_user_id_fkey ON public.bot_training_examples IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT bots_user_id_fkey ON public.bots IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT collaboration_edits_session_id_fkey ON public.collaboration_edits IS
    'NOT_FOUND sessionId: no such collaboration session';
COMMENT ON CONSTRAINT collaboration_edits_user_id_fkey ON public.collaboration_edits IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT collaboration_invites_invitee_id_fkey ON public.collaboration_invites IS
    'NOT_FOUND inviteeId: no such profile';
COMMENT ON CONSTRAINT collaboration_invites_inviter_id_fkey ON public.collaboration_invites IS
    'NOT_FOUND inviterId: no such profile';
COMMENT ON CONSTRAINT collaboration_invites_session_id_fkey ON public.collaboration_invites IS
    'NOT_FOUND sessionId: no such collaboration session';

COMMENT ON CONSTRAINT collaboration_participants_session_id_fkey ON public.collaboration_participants IS
    'NOT_FOUND sessionId: no such collaboration session';
COMMENT ON CONSTRAINT collaboration_participants_user_id_fkey ON public.collaboration_participants IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT collaboration_sessions_owner_id_fkey ON public.collaboration_sessions IS
    'NOT_FOUND ownerId: no such profile';

COMMENT ON CONSTRAINT comments_creation_id_fkey ON public.comments IS
    'NOT_FOUND creationId: no such creation';
COMMENT ON CONSTRAINT comments_parent_comment_id_fkey ON public.comments IS
    'NOT_FOUND parentCommentId: no such comment';
COMMENT ON CONSTRAINT comments_post_id_fkey ON public.comments IS
    'NOT_FOUND postId: no such post';
COMMENT ON CONSTRAINT comments_user_id_fkey ON public.comments IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT connector_credentials_user_id_fkey ON public.connector_credentials IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT connector_usage_logs_user_id_fkey ON public.connector_usage_logs IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT content_clicks_user_id_fkey ON public.content_clicks IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT content_items_social_account_id_fkey ON public.content_items IS
    'NOT_FOUND socialAccountId: no such social account';
COMMENT ON CONSTRAINT content_items_user_id_fkey ON public.content_items IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT content_media_content_item_id_fkey ON public.content_media IS
    'NOT_FOUND contentItemId: no such content item';

COMMENT ON CONSTRAINT content_revisions_content_item_id_fkey ON public.content_revisions IS
    'NOT_FOUND contentItemId: no such content item';

COMMENT ON CONSTRAINT content_tags_content_item_id_fkey ON public.content_tags IS
    'NOT_FOUND contentItemId: no such content item';

COMMENT ON CONSTRAINT conversation_members_conversation_id_fkey ON public.conversation_members IS
    'NOT_FOUND conversationId: no such conversation';
COMMENT ON CONSTRAINT conversation_members_user_id_fkey ON public.conversation_members IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT conversations_created_by_fkey ON public.conversations IS
    'NOT_FOUND createdBy: no such profile';

COMMENT ON CONSTRAINT creations_user_id_fkey ON public.creations IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT credit_balances_user_id_fkey ON public.credit_balances IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT credit_transactions_user_id_fkey ON public.credit_transactions IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT crypto_transactions_user_id_fkey ON public.crypto_transactions IS
    'NOT_FOUND userId: no such profile';
COMMENT ON CONSTRAINT crypto_transactions_wallet_id_fkey ON public.crypto_transactions IS
    'NOT_FOUND walletId: no such wallet';

COMMENT ON CONSTRAINT follows_follower_id_fkey ON public.follows IS
    'NOT_FOUND followerId: no such profile';
COMMENT ON CONSTRAINT follows_following_id_fkey ON public.follows IS
    'NOT_FOUND followingId: no such profile';

COMMENT ON CONSTRAINT gaming_sessions_user_id_fkey ON public.gaming_sessions IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT job_logs_job_id_fkey ON public.job_logs IS
    'NOT_FOUND jobId: no such job';

COMMENT ON CONSTRAINT jobs_user_id_fkey ON public.jobs IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT likes_comment_id_fkey ON public.likes IS
    'NOT_FOUND commentId: no such comment';
COMMENT ON CONSTRAINT likes_creation_id_fkey ON public.likes IS
    'NOT_FOUND creationId: no such creation';
COMMENT ON CONSTRAINT likes_post_id_fkey ON public.likes IS
    'NOT_FOUND postId: no such post';
COMMENT ON CONSTRAINT likes_user_id_fkey ON public.likes IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT luminor_conversations_luminor_id_fkey ON public.luminor_conversations IS
    'NOT_FOUND luminorId: no such Luminor';
COMMENT ON CONSTRAINT luminor_conversations_user_id_fkey ON public.luminor_conversations IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT luminor_messages_conversation_id_fkey ON public.luminor_messages IS
    'NOT_FOUND conversationId: no such Luminor conversation';
COMMENT ON CONSTRAINT luminor_messages_conversation_owner_fkey ON public.luminor_messages IS
    'NOT_FOUND conversationId: no such Luminor conversation of yours';
COMMENT ON CONSTRAINT luminor_messages_user_id_fkey ON public.luminor_messages IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT luminor_relationships_luminor_id_fkey ON public.luminor_relationships IS
    'NOT_FOUND luminorId: no such Luminor';
COMMENT ON CONSTRAINT luminor_relationships_user_id_fkey ON public.luminor_relationships IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT marketplace_items_seller_id_fkey ON public.marketplace_items IS
    'NOT_FOUND sellerId: no such profile';

COMMENT ON CONSTRAINT marketplace_purchases_buyer_id_fkey ON public.marketplace_purchases IS
    'NOT_FOUND buyerId: no such profile';

COMMENT ON CONSTRAINT marketplace_reviews_item_id_fkey ON public.marketplace_reviews IS
    'NOT_FOUND itemId: no such marketplace item';
COMMENT ON CONSTRAINT marketplace_reviews_reviewer_id_fkey ON public.marketplace_reviews IS
    'NOT_FOUND reviewerId: no such profile';

COMMENT ON CONSTRAINT media_assets_user_id_fkey ON public.media_assets IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT messages_conversation_id_fkey ON public.messages IS
    'NOT_FOUND conversationId: no such conversation';
COMMENT ON CONSTRAINT messages_sender_id_fkey ON public.messages IS
    'NOT_FOUND senderId: no such profile';

COMMENT ON CONSTRAINT notifications_user_id_fkey ON public.notifications IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT payments_user_id_fkey ON public.payments IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT platform_connections_user_id_fkey ON public.platform_connections IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT posts_author_id_fkey ON public.posts IS
    'NOT_FOUND authorId: no such profile';

COMMENT ON CONSTRAINT profiles_id_fkey ON public.profiles IS
    'NOT_FOUND id: no such user';

COMMENT ON CONSTRAINT document_snapshots_session_id_fkey ON realtime.document_snapshots IS
    'NOT_FOUND sessionId: no such collaboration session';

COMMENT ON CONSTRAINT scheduled_task_runs_task_id_fkey ON public.scheduled_task_runs IS
    'NOT_FOUND taskId: no such scheduled task';

COMMENT ON CONSTRAINT scheduled_tasks_user_id_fkey ON public.scheduled_tasks IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT security_events_user_id_fkey ON public.security_events IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT seo_connections_user_id_fkey ON public.seo_connections IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT seo_submissions_user_id_fkey ON public.seo_submissions IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT seo_usage_user_id_fkey ON public.seo_usage IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT social_accounts_status_id_fkey ON public.social_accounts IS
    'NOT_FOUND statusId: no such account status';
COMMENT ON CONSTRAINT social_accounts_user_id_fkey ON public.social_accounts IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT subscriptions_tier_id_fkey ON public.subscriptions IS
    'NOT_FOUND tierId: no such subscription tier';
COMMENT ON CONSTRAINT subscriptions_user_id_fkey ON public.subscriptions IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT themes_user_id_fkey ON public.themes IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT trending_content_category_id_fkey ON public.trending_content IS
    'NOT_FOUND categoryId: no such content category';
COMMENT ON CONSTRAINT trending_content_content_item_id_fkey ON public.trending_content IS
    'NOT_FOUND contentItemId: no such content item';

COMMENT ON CONSTRAINT trending_keywords_category_id_fkey ON public.trending_keywords IS
    'NOT_FOUND categoryId: no such content category';

COMMENT ON CONSTRAINT usage_records_user_id_fkey ON public.usage_records IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT user_ai_settings_default_model_id_fkey ON public.user_ai_settings IS
    'NOT_FOUND defaultModelId: no such AI model';
COMMENT ON CONSTRAINT user_ai_settings_user_id_fkey ON public.user_ai_settings IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT user_roles_granted_by_fkey ON public.user_roles IS
    'NOT_FOUND grantedBy: no such user';
COMMENT ON CONSTRAINT user_roles_user_id_fkey ON public.user_roles IS
    'NOT_FOUND userId: no such user';

COMMENT ON CONSTRAINT user_settings_user_id_fkey ON public.user_settings IS
    'NOT_FOUND userId: no such user';

COMMENT ON CONSTRAINT user_widgets_user_id_fkey ON public.user_widgets IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT wallets_user_id_fkey ON public.wallets IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT wide_research_jobs_user_id_fkey ON public.wide_research_jobs IS
    'NOT_FOUND userId: no such profile';

COMMENT ON CONSTRAINT wide_research_subtasks_job_id_fkey ON public.wide_research_subtasks IS
    'NOT_FOUND jobId: no such research job';

COMMENT ON CONSTRAINT wide_research_templates_user_id_fkey ON public.wide_research_templates IS
    'NOT_FOUND userId: no such profile';
