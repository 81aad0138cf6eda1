-- What each constraint means to a client, said once, by the database: a comment of the
-- form `<field>: <message>` names the input field at fault and says what is wrong and what
-- would be accepted. The gateway reads these comments once at start and answers a
-- violation with them: `CONFLICT` for a UNIQUE constraint, `BAD_USER_INPUT` for a CHECK or
-- FOREIGN KEY, unless the comment starts with another code (`CONFLICT `, `BAD_USER_INPUT `,
-- `NOT_FOUND `, `RATE_LIMITED `). The test `constraints` requires a comment on every CHECK and UNIQUE
-- constraint; a foreign key without one is answered `NOT_FOUND` ("a row this refers to does
-- not exist"). A constraint added later gets its comment in the same migration.
COMMENT ON CONSTRAINT account_statuses_slug_key ON public.account_statuses IS
    'slug: an account status with this slug already exists';

COMMENT ON CONSTRAINT agent_artifacts_content_hash_format ON public.agent_artifacts IS
    'contentHash: the content hash is a SHA-256: 64 lowercase hex digits';
COMMENT ON CONSTRAINT agent_artifacts_name_length ON public.agent_artifacts IS
    'name: `name` must be 1 to 255 characters, not all blank';
COMMENT ON CONSTRAINT agent_artifacts_size_nonnegative ON public.agent_artifacts IS
    'sizeBytes: `sizeBytes` cannot be negative';
COMMENT ON CONSTRAINT agent_artifacts_storage_path_length ON public.agent_artifacts IS
    'storagePath: `storagePath` must be 1 to 1024 characters';

COMMENT ON CONSTRAINT agent_memory_content_length ON public.agent_memory IS
    'content: `content` must be 1 to 10000 characters, not all blank';
COMMENT ON CONSTRAINT agent_memory_importance_range ON public.agent_memory IS
    'importance: `importance` must be 1 to 10';
COMMENT ON CONSTRAINT agent_memory_key_length ON public.agent_memory IS
    'key: `key` must be 1 to 200 characters, not all blank';
COMMENT ON CONSTRAINT agent_memory_metadata_is_object ON public.agent_memory IS
    'metadata: `metadata` must be a JSON object';
COMMENT ON CONSTRAINT agent_memory_user_id_key_key ON public.agent_memory IS
    'key: you already keep a memory under this key';

COMMENT ON CONSTRAINT agent_messages_content_length ON public.agent_messages IS
    'content: `content` must be 1 to 50000 characters';
COMMENT ON CONSTRAINT agent_messages_metadata_is_object ON public.agent_messages IS
    'metadata: `metadata` must be a JSON object';
COMMENT ON CONSTRAINT agent_messages_role_check ON public.agent_messages IS
    'role: `role` must be one of user, assistant, system, tool';

COMMENT ON CONSTRAINT agent_runs_config_is_object ON public.agent_runs IS
    'config: `config` must be a JSON object';
COMMENT ON CONSTRAINT agent_runs_credit_budget_positive ON public.agent_runs IS
    'creditBudget: `creditBudget` must be more than 0';
COMMENT ON CONSTRAINT agent_runs_credits_used_within_budget ON public.agent_runs IS
    'creditsUsed: credits used cannot be negative or exceed the run''s budget';
COMMENT ON CONSTRAINT agent_runs_failure_explained ON public.agent_runs IS
    'error: a failed run needs an `error` saying why';
COMMENT ON CONSTRAINT agent_runs_id_user_id_key ON public.agent_runs IS
    'id: this run already exists';
COMMENT ON CONSTRAINT agent_runs_mode_check ON public.agent_runs IS
    'mode: `mode` must be one of chat, agent, research, wide_research, code, data_analysis, browser, image, slides, writing, planning, custom';
COMMENT ON CONSTRAINT agent_runs_progress_message_length ON public.agent_runs IS
    'progressMessage: `progressMessage` must be at most 500 characters';
COMMENT ON CONSTRAINT agent_runs_progress_range ON public.agent_runs IS
    'progress: `progress` must be 0 to 100';
COMMENT ON CONSTRAINT agent_runs_prompt_length ON public.agent_runs IS
    'prompt: `prompt` must be at most 20000 characters';
COMMENT ON CONSTRAINT agent_runs_status_check ON public.agent_runs IS
    'status: `status` must be one of pending, queued, planning, running, waiting_for_user, paused, completed, failed, cancelled, timed_out';
COMMENT ON CONSTRAINT agent_runs_step_counts ON public.agent_runs IS
    'completedSteps: completed and failed steps cannot be negative or more than the total steps';
COMMENT ON CONSTRAINT agent_runs_title_length ON public.agent_runs IS
    'title: titles are 1 to 200 characters';

COMMENT ON CONSTRAINT agent_steps_credits_used_nonnegative ON public.agent_steps IS
    'creditsUsed: `creditsUsed` cannot be negative';
COMMENT ON CONSTRAINT agent_steps_failure_explained ON public.agent_steps IS
    'error: a failed step needs an `error` saying why';
COMMENT ON CONSTRAINT agent_steps_id_run_id_key ON public.agent_steps IS
    'id: this step already exists';
COMMENT ON CONSTRAINT agent_steps_name_length ON public.agent_steps IS
    'name: `name` must be 1 to 200 characters, not all blank';
COMMENT ON CONSTRAINT agent_steps_run_id_step_number_key ON public.agent_steps IS
    'stepNumber: this run already has a step with this number';
COMMENT ON CONSTRAINT agent_steps_status_check ON public.agent_steps IS
    'status: `status` must be one of pending, running, completed, failed, skipped, cancelled';
COMMENT ON CONSTRAINT agent_steps_step_number_positive ON public.agent_steps IS
    'stepNumber: `stepNumber` must be more than 0';
COMMENT ON CONSTRAINT agent_steps_tool_type_check ON public.agent_steps IS
    'toolType: `toolType` must be one of llm, code, browser, search, file, shell, image, connector, wide_research, memory, message, other';

COMMENT ON CONSTRAINT ai_clones_config_is_object ON public.ai_clones IS
    'config: `config` must be a JSON object';
COMMENT ON CONSTRAINT ai_clones_name_length ON public.ai_clones IS
    'name: `name` must be 1 to 255 characters, not all blank';
COMMENT ON CONSTRAINT ai_clones_status_check ON public.ai_clones IS
    'status: `status` must be one of active, inactive, training, archived';

COMMENT ON CONSTRAINT ai_memories_content_length ON public.ai_memories IS
    'content: `content` must be 1 to 10000 characters, not all blank';
COMMENT ON CONSTRAINT ai_memories_importance_range ON public.ai_memories IS
    'importance: `importance` must be 1 to 10';
COMMENT ON CONSTRAINT ai_memories_kind_check ON public.ai_memories IS
    'kind: `kind` must be one of fact, preference, event, skill, conversation';
COMMENT ON CONSTRAINT ai_memories_metadata_is_object ON public.ai_memories IS
    'metadata: `metadata` must be a JSON object';

COMMENT ON CONSTRAINT ai_models_context_window_positive ON public.ai_models IS
    'contextWindow: `contextWindow` must be more than 0';
COMMENT ON CONSTRAINT ai_models_costs_nonnegative ON public.ai_models IS
    'inputCostPer1kMicrocents: costs cannot be negative';
COMMENT ON CONSTRAINT ai_models_slug_key ON public.ai_models IS
    'slug: a model with this slug already exists';

COMMENT ON CONSTRAINT ai_providers_slug_key ON public.ai_providers IS
    'slug: a provider with this slug already exists';

COMMENT ON CONSTRAINT ai_sessions_context_is_object ON public.ai_sessions IS
    'context: `context` must be a JSON object';
COMMENT ON CONSTRAINT ai_sessions_message_count_nonnegative ON public.ai_sessions IS
    'messageCount: `messageCount` cannot be negative';
COMMENT ON CONSTRAINT ai_sessions_status_check ON public.ai_sessions IS
    'status: `status` must be one of active, ended';

COMMENT ON CONSTRAINT ai_suggestions_cost_nonnegative ON public.ai_suggestions IS
    'totalCostCents: `totalCostCents` cannot be negative';

COMMENT ON CONSTRAINT ai_tasks_failure_explained ON public.ai_tasks IS
    'errorMessage: a failed task needs an `errorMessage` saying why';
COMMENT ON CONSTRAINT ai_tasks_priority_check ON public.ai_tasks IS
    'priority: `priority` must be one of low, medium, high, urgent';
COMMENT ON CONSTRAINT ai_tasks_status_check ON public.ai_tasks IS
    'status: `status` must be one of pending, in_progress, completed, failed, cancelled';
COMMENT ON CONSTRAINT ai_tasks_task_name_length ON public.ai_tasks IS
    'taskName: `taskName` must be 1 to 255 characters, not all blank';

COMMENT ON CONSTRAINT ai_usage_cost_nonnegative ON public.ai_usage IS
    'costCents: `costCents` cannot be negative';
COMMENT ON CONSTRAINT ai_usage_tokens_nonnegative ON public.ai_usage IS
    'promptTokens: token counts cannot be negative';

COMMENT ON CONSTRAINT api_keys_expires_after_creation ON public.api_keys IS
    'expiresAt: the expiry must be in the future';
COMMENT ON CONSTRAINT api_keys_key_hash_key ON public.api_keys IS
    'id: an API key with this hash already exists';
COMMENT ON CONSTRAINT api_keys_key_prefix_length ON public.api_keys IS
    'keyPrefix: `keyPrefix` must be 4 to 32 characters';
COMMENT ON CONSTRAINT api_keys_name_length ON public.api_keys IS
    'name: key names are 1 to 100 characters';

COMMENT ON CONSTRAINT audit_logs_action_length ON public.audit_logs IS
    'action: `action` must be at most 255 characters';
COMMENT ON CONSTRAINT audit_logs_level_check ON public.audit_logs IS
    'level: `level` must be one of debug, info, warning, error';
COMMENT ON CONSTRAINT audit_logs_log_type_length ON public.audit_logs IS
    'logType: `logType` must be at most 50 characters';

COMMENT ON CONSTRAINT automation_runs_error_length ON public.automation_runs IS
    'error: `error` must be at most 4000 characters';
COMMENT ON CONSTRAINT automation_runs_finished_when_done ON public.automation_runs IS
    'finishedAt: a run has a finish time exactly when it is no longer running';
COMMENT ON CONSTRAINT automation_runs_status_check ON public.automation_runs IS
    'status: `status` must be one of running, succeeded, failed';
COMMENT ON CONSTRAINT automation_runs_steps_completed_check ON public.automation_runs IS
    'stepsCompleted: steps completed is 0 to 50';
COMMENT ON CONSTRAINT automation_runs_trigger_payload_is_object ON public.automation_runs IS
    'triggerPayload: `triggerPayload` must be a JSON object';

COMMENT ON CONSTRAINT automation_steps_automation_id_position_key ON public.automation_steps IS
    'position: this automation already has a step at this position';
COMMENT ON CONSTRAINT automation_steps_config_is_object ON public.automation_steps IS
    'config: `config` must be a JSON object';
COMMENT ON CONSTRAINT automation_steps_config_size ON public.automation_steps IS
    'steps: a step''s config is limited to 16 KB';
COMMENT ON CONSTRAINT automation_steps_kind_check ON public.automation_steps IS
    'kind: `kind` must be one of trigger, action, condition';
COMMENT ON CONSTRAINT automation_steps_operation_length ON public.automation_steps IS
    'steps: each step''s operation is 1 to 100 characters';
COMMENT ON CONSTRAINT automation_steps_position_check ON public.automation_steps IS
    'position: `position` must be 0 to 49';
COMMENT ON CONSTRAINT automation_steps_trigger_first ON public.automation_steps IS
    'kind: the trigger is the first step (position 0) and the only one';

COMMENT ON CONSTRAINT automations_description_length ON public.automations IS
    'description: descriptions are at most 2000 characters';
COMMENT ON CONSTRAINT automations_last_run_status_check ON public.automations IS
    'lastRunStatus: `lastRunStatus` must be one of running, succeeded, failed';
COMMENT ON CONSTRAINT automations_name_length ON public.automations IS
    'name: names are 1 to 200 characters';
COMMENT ON CONSTRAINT automations_run_count_nonnegative ON public.automations IS
    'runCount: `runCount` cannot be negative';

COMMENT ON CONSTRAINT bot_sessions_ended_after_start ON public.bot_sessions IS
    'endedAt: a session cannot end before it started';
COMMENT ON CONSTRAINT bot_sessions_status_check ON public.bot_sessions IS
    'status: `status` must be one of active, ended';

COMMENT ON CONSTRAINT bot_training_examples_input_length ON public.bot_training_examples IS
    'input: `input` must be 1 to 10000 characters, not all blank';
COMMENT ON CONSTRAINT bot_training_examples_output_length ON public.bot_training_examples IS
    'output: `output` must be at most 10000 characters';

COMMENT ON CONSTRAINT bots_config_is_object ON public.bots IS
    'config: `config` must be a JSON object';
COMMENT ON CONSTRAINT bots_engine_check ON public.bots IS
    'engine: `engine` must be one of openai, anthropic, google, local';
COMMENT ON CONSTRAINT bots_id_user_id_key ON public.bots IS
    'id: this bot already exists';
COMMENT ON CONSTRAINT bots_name_length ON public.bots IS
    'name: `name` must be 1 to 100 characters, not all blank';

COMMENT ON CONSTRAINT cache_entries_key_key ON public.cache_entries IS
    'key: a cache entry with this key already exists';
COMMENT ON CONSTRAINT cache_entries_key_length ON public.cache_entries IS
    'key: cache keys are 1 to 500 characters';

COMMENT ON CONSTRAINT collaboration_invites_has_invitee ON public.collaboration_invites IS
    'inviteeId: an invite needs an invitee or an email address';
COMMENT ON CONSTRAINT collaboration_invites_role_check ON public.collaboration_invites IS
    'role: `role` must be one of editor, viewer';
COMMENT ON CONSTRAINT collaboration_invites_token_key ON public.collaboration_invites IS
    'token: an invite with this token already exists';

COMMENT ON CONSTRAINT collaboration_participants_cursor_size ON public.collaboration_participants IS
    'cursor: the cursor is limited to 2 KB';
COMMENT ON CONSTRAINT collaboration_participants_role_check ON public.collaboration_participants IS
    'role: `role` must be one of owner, editor, viewer';
COMMENT ON CONSTRAINT collaboration_participants_session_id_user_id_key ON public.collaboration_participants IS
    'userId: this person already takes part in the session';
COMMENT ON CONSTRAINT collaboration_participants_status_check ON public.collaboration_participants IS
    'status: `status` must be one of online, idle, offline';

COMMENT ON CONSTRAINT collaboration_sessions_share_token_key ON public.collaboration_sessions IS
    'shareToken: a session with this share token already exists';
COMMENT ON CONSTRAINT collaboration_sessions_title_length ON public.collaboration_sessions IS
    'title: `title` must be at most 200 characters';

COMMENT ON CONSTRAINT comments_content_length ON public.comments IS
    'content: comments are 1 to 5000 characters';
COMMENT ON CONSTRAINT comments_not_own_parent ON public.comments IS
    'parentCommentId: a comment cannot reply to itself';
COMMENT ON CONSTRAINT comments_one_target ON public.comments IS
    'postId: comment on exactly one post or creation';

COMMENT ON CONSTRAINT connector_credentials_connector_id_fkey ON public.connector_credentials IS
    'connectorId: unknown connector: see `connectorDefinitions`';
COMMENT ON CONSTRAINT connector_credentials_user_connector_key ON public.connector_credentials IS
    'connectorId: you are already connected to this connector';

COMMENT ON CONSTRAINT connector_definitions_auth_type_check ON public.connector_definitions IS
    'authType: `authType` must be one of oauth2, api_key';
COMMENT ON CONSTRAINT connector_definitions_rate_limit_positive ON public.connector_definitions IS
    'rateLimitPerHour: `rateLimitPerHour` must be more than 0';
COMMENT ON CONSTRAINT connector_definitions_slug_key ON public.connector_definitions IS
    'slug: a connector with this slug already exists';

COMMENT ON CONSTRAINT connector_usage_logs_connector_id_fkey ON public.connector_usage_logs IS
    'connectorId: unknown connector: see `connectorDefinitions`';
COMMENT ON CONSTRAINT connector_usage_logs_credential_id_fkey ON public.connector_usage_logs IS
    'connectorId: connect this connector first (`saveConnectorCredential`)';
COMMENT ON CONSTRAINT connector_usage_logs_credits_nonnegative ON public.connector_usage_logs IS
    'creditsUsed: `creditsUsed` cannot be negative';
COMMENT ON CONSTRAINT connector_usage_logs_operation_length ON public.connector_usage_logs IS
    'operation: operations are 1 to 200 characters';

COMMENT ON CONSTRAINT content_categories_slug_key ON public.content_categories IS
    'slug: a category with this slug already exists';

COMMENT ON CONSTRAINT content_clicks_content_item_id_fkey ON public.content_clicks IS
    'NOT_FOUND contentItemId: no such content item';
COMMENT ON CONSTRAINT content_clicks_referrer_length ON public.content_clicks IS
    'referrer: referrers are at most 2048 characters';

COMMENT ON CONSTRAINT content_items_account_platform_content_key ON public.content_items IS
    'platformContentId: this account already has an item with this platform id';
COMMENT ON CONSTRAINT content_items_category_id_fkey ON public.content_items IS
    'categoryId: unknown category: see `contentCategories`';
COMMENT ON CONSTRAINT content_items_content_type_id_fkey ON public.content_items IS
    'contentTypeId: unknown content type: see `contentTypes`';
COMMENT ON CONSTRAINT content_items_counts_nonnegative ON public.content_items IS
    'viewsCount: counts cannot be negative';
COMMENT ON CONSTRAINT content_items_title_length ON public.content_items IS
    'title: titles are 1 to 500 characters';
COMMENT ON CONSTRAINT content_items_visibility_check ON public.content_items IS
    'visibility: `visibility` must be one of public, unlisted, private';

COMMENT ON CONSTRAINT content_media_kind_check ON public.content_media IS
    'kind: `kind` must be one of video, audio, image, document';

COMMENT ON CONSTRAINT content_revisions_item_number_key ON public.content_revisions IS
    'revisionNumber: this content item already has a revision with this number';

COMMENT ON CONSTRAINT content_tags_item_tag_key ON public.content_tags IS
    'tag: this content item already has this tag';
COMMENT ON CONSTRAINT content_tags_tag_length ON public.content_tags IS
    'tags: tags are 1 to 100 characters';

COMMENT ON CONSTRAINT content_types_slug_key ON public.content_types IS
    'slug: a content type with this slug already exists';

COMMENT ON CONSTRAINT conversation_members_conversation_id_user_id_key ON public.conversation_members IS
    'userIds: already a member of this conversation';
COMMENT ON CONSTRAINT conversation_members_role_check ON public.conversation_members IS
    'role: `role` must be one of owner, admin, member';

COMMENT ON CONSTRAINT conversations_direct_key_key ON public.conversations IS
    'userIds: a direct conversation between these two people already exists';
COMMENT ON CONSTRAINT conversations_direct_key_matches_kind ON public.conversations IS
    'kind: a direct conversation, and only one, has a direct key';
COMMENT ON CONSTRAINT conversations_kind_check ON public.conversations IS
    'kind: `kind` must be one of direct, group';
COMMENT ON CONSTRAINT conversations_title_length ON public.conversations IS
    'title: titles are at most 200 characters';

COMMENT ON CONSTRAINT creations_file_size_nonnegative ON public.creations IS
    'fileSize: `fileSize` cannot be negative';
COMMENT ON CONSTRAINT creations_generation_params_is_object ON public.creations IS
    'generationParams: `generationParams` must be a JSON object';
COMMENT ON CONSTRAINT creations_metadata_is_object ON public.creations IS
    'metadata: `metadata` must be a JSON object';
COMMENT ON CONSTRAINT creations_status_check ON public.creations IS
    'status: `status` must be one of draft, processing, published, archived';
COMMENT ON CONSTRAINT creations_title_length ON public.creations IS
    'title: titles are 1 to 200 characters';
COMMENT ON CONSTRAINT creations_type_check ON public.creations IS
    'type: `type` must be one of image, music, video, text, multimodal';

COMMENT ON CONSTRAINT credit_balances_balance_nonnegative ON public.credit_balances IS
    'balance: `balance` cannot be negative';
COMMENT ON CONSTRAINT credit_balances_reserved_nonnegative ON public.credit_balances IS
    'reserved: `reserved` cannot be negative';
COMMENT ON CONSTRAINT credit_balances_reserved_within_balance ON public.credit_balances IS
    'amount: cannot reserve more credits than the balance';
COMMENT ON CONSTRAINT credit_balances_user_id_key ON public.credit_balances IS
    'userId: this person already has a credit balance';

COMMENT ON CONSTRAINT credit_pricing_credits_nonnegative ON public.credit_pricing IS
    'creditsPerUnit: `creditsPerUnit` cannot be negative';
COMMENT ON CONSTRAINT credit_pricing_operation_key ON public.credit_pricing IS
    'operation: this operation already has a price';

COMMENT ON CONSTRAINT credit_transactions_amount_positive ON public.credit_transactions IS
    'amount: `amount` must be more than 0';
COMMENT ON CONSTRAINT credit_transactions_balance_after_nonnegative ON public.credit_transactions IS
    'balanceAfter: `balanceAfter` cannot be negative';
COMMENT ON CONSTRAINT credit_transactions_kind_check ON public.credit_transactions IS
    'kind: `kind` must be one of grant, reserve, consume, release, purchase, refund';
COMMENT ON CONSTRAINT credit_transactions_reserved_after_within_balance ON public.credit_transactions IS
    'amount: reserved credits cannot be negative or exceed the balance';

COMMENT ON CONSTRAINT crypto_transactions_amount_positive ON public.crypto_transactions IS
    'amount: amounts must be greater than zero';
COMMENT ON CONSTRAINT crypto_transactions_asset_format ON public.crypto_transactions IS
    'asset: assets are 2 to 10 capital letters or digits, e.g. ETH';
COMMENT ON CONSTRAINT crypto_transactions_kind_check ON public.crypto_transactions IS
    'kind: `kind` must be one of deposit, withdrawal, purchase';
COMMENT ON CONSTRAINT crypto_transactions_status_check ON public.crypto_transactions IS
    'status: `status` must be one of pending, confirmed, failed';
COMMENT ON CONSTRAINT crypto_transactions_wallet_tx_hash_key ON public.crypto_transactions IS
    'txHash: this transaction is already recorded on this wallet';

COMMENT ON CONSTRAINT featured_creators_user_id_fkey ON public.featured_creators IS
    'userId: no such profile';
COMMENT ON CONSTRAINT featured_creators_user_id_key ON public.featured_creators IS
    'userId: this creator is already featured';

COMMENT ON CONSTRAINT follows_follower_id_following_id_key ON public.follows IS
    'userId: you already follow this person';
COMMENT ON CONSTRAINT follows_no_self_follow ON public.follows IS
    'userId: you cannot follow yourself';

COMMENT ON CONSTRAINT gaming_sessions_ends_after_start ON public.gaming_sessions IS
    'id: a session cannot end before it started';
COMMENT ON CONSTRAINT gaming_sessions_game_length ON public.gaming_sessions IS
    'game: game names are 1 to 200 characters';

COMMENT ON CONSTRAINT job_logs_level_check ON public.job_logs IS
    'level: `level` must be one of debug, info, warn, error';
COMMENT ON CONSTRAINT job_logs_message_length ON public.job_logs IS
    'message: `message` must be at most 4000 characters';

COMMENT ON CONSTRAINT job_types_max_attempts_check ON public.job_types IS
    'maxAttempts: `maxAttempts` must be 1 to 100';
COMMENT ON CONSTRAINT job_types_name_key ON public.job_types IS
    'name: a job type with this name already exists';
COMMENT ON CONSTRAINT job_types_timeout_seconds_check ON public.job_types IS
    'timeoutSeconds: `timeoutSeconds` must be more than 0';

COMMENT ON CONSTRAINT jobs_attempts_check ON public.jobs IS
    'attempts: attempts cannot be negative or exceed the job''s max attempts';
COMMENT ON CONSTRAINT jobs_dedup_key_length ON public.jobs IS
    'dedupKey: the dedup key is limited to 200 characters';
COMMENT ON CONSTRAINT jobs_job_type_id_fkey ON public.jobs IS
    'type: unknown job type: see `jobTypes`';
COMMENT ON CONSTRAINT jobs_payload_is_object ON public.jobs IS
    'payload: `payload` must be a JSON object';
COMMENT ON CONSTRAINT jobs_priority_check ON public.jobs IS
    'priority: priority must be between -100 and 100';
COMMENT ON CONSTRAINT jobs_progress_check ON public.jobs IS
    'progress: `progress` must be 0 to 100';
COMMENT ON CONSTRAINT jobs_progress_message_length ON public.jobs IS
    'message: the message is limited to 500 characters';
COMMENT ON CONSTRAINT jobs_status_check ON public.jobs IS
    'status: `status` must be one of queued, running, succeeded, failed, canceled';

COMMENT ON CONSTRAINT likes_one_target ON public.likes IS
    'target: like exactly one post, creation or comment';
COMMENT ON CONSTRAINT likes_user_id_comment_id_key ON public.likes IS
    'commentId: you already like this comment';
COMMENT ON CONSTRAINT likes_user_id_creation_id_key ON public.likes IS
    'creationId: you already like this creation';
COMMENT ON CONSTRAINT likes_user_id_post_id_key ON public.likes IS
    'postId: you already like this post';

COMMENT ON CONSTRAINT luminor_conversations_id_user_id_key ON public.luminor_conversations IS
    'id: this conversation already exists';
COMMENT ON CONSTRAINT luminor_conversations_message_count_nonnegative ON public.luminor_conversations IS
    'messageCount: `messageCount` cannot be negative';

COMMENT ON CONSTRAINT luminor_messages_content_length ON public.luminor_messages IS
    'content: `content` must be 1 to 20000 characters';
COMMENT ON CONSTRAINT luminor_messages_cost_nonnegative ON public.luminor_messages IS
    'cost: `cost` cannot be negative';
COMMENT ON CONSTRAINT luminor_messages_role_check ON public.luminor_messages IS
    'role: `role` must be one of user, assistant, system';
COMMENT ON CONSTRAINT luminor_messages_tokens_nonnegative ON public.luminor_messages IS
    'tokens: `tokens` cannot be negative';
COMMENT ON CONSTRAINT luminor_messages_user_rating_range ON public.luminor_messages IS
    'userRating: `userRating` must be 1 to 5';

COMMENT ON CONSTRAINT luminor_relationships_bond_level_range ON public.luminor_relationships IS
    'bondLevel: `bondLevel` must be 1 to 10';
COMMENT ON CONSTRAINT luminor_relationships_bond_xp_nonnegative ON public.luminor_relationships IS
    'bondXp: `bondXp` cannot be negative';
COMMENT ON CONSTRAINT luminor_relationships_key_memories_is_array ON public.luminor_relationships IS
    'keyMemories: `keyMemories` must be a JSON array';
COMMENT ON CONSTRAINT luminor_relationships_user_id_luminor_id_key ON public.luminor_relationships IS
    'luminorId: you already have a relationship with this luminor';

COMMENT ON CONSTRAINT luminors_average_rating_range ON public.luminors IS
    'averageRating: `averageRating` must be 0 to 5';
COMMENT ON CONSTRAINT luminors_color_format ON public.luminors IS
    'color: a color is # and six hex digits, such as #1a2b3c';
COMMENT ON CONSTRAINT luminors_slug_key ON public.luminors IS
    'slug: a luminor with this slug already exists';

COMMENT ON CONSTRAINT marketplace_items_currency_format ON public.marketplace_items IS
    'currency: use an ISO 4217 code such as `USD`';
COMMENT ON CONSTRAINT marketplace_items_kind_check ON public.marketplace_items IS
    'kind: `kind` must be one of bot, theme, widget, automation';
COMMENT ON CONSTRAINT marketplace_items_price_nonnegative ON public.marketplace_items IS
    'price: prices cannot be negative';
COMMENT ON CONSTRAINT marketplace_items_title_length ON public.marketplace_items IS
    'title: titles are 1 to 200 characters';

COMMENT ON CONSTRAINT marketplace_purchases_buyer_item_key ON public.marketplace_purchases IS
    'itemId: you already bought this item';
COMMENT ON CONSTRAINT marketplace_purchases_item_id_fkey ON public.marketplace_purchases IS
    'CONFLICT id: this item has been bought: unpublish it instead of deleting it';

COMMENT ON CONSTRAINT marketplace_reviews_comment_length ON public.marketplace_reviews IS
    'comment: comments are at most 5000 characters';
COMMENT ON CONSTRAINT marketplace_reviews_item_reviewer_key ON public.marketplace_reviews IS
    'itemId: you already reviewed this item: update your review instead';
COMMENT ON CONSTRAINT marketplace_reviews_rating_range ON public.marketplace_reviews IS
    'rating: ratings are 1 to 5';

COMMENT ON CONSTRAINT media_assets_kind_check ON public.media_assets IS
    'kind: `kind` must be one of video, audio, image, document';
COMMENT ON CONSTRAINT media_assets_metadata_is_object ON public.media_assets IS
    'metadata: `metadata` must be a JSON object';
COMMENT ON CONSTRAINT media_assets_mime_type_format ON public.media_assets IS
    'mimeType: use a MIME type such as image/png';
COMMENT ON CONSTRAINT media_assets_size_bytes_nonnegative ON public.media_assets IS
    'sizeBytes: `sizeBytes` cannot be negative';
COMMENT ON CONSTRAINT media_assets_url_not_blank ON public.media_assets IS
    'url: a URL cannot be blank';

COMMENT ON CONSTRAINT messages_attachments_is_array ON public.messages IS
    'attachments: `attachments` must be a JSON array';
COMMENT ON CONSTRAINT messages_body_length ON public.messages IS
    'body: messages are at most 10000 characters';
COMMENT ON CONSTRAINT messages_not_empty ON public.messages IS
    'body: a message needs text or an attachment';

COMMENT ON CONSTRAINT notifications_message_length ON public.notifications IS
    'message: `message` must be at most 2000 characters';
COMMENT ON CONSTRAINT notifications_metadata_is_object ON public.notifications IS
    'metadata: `metadata` must be a JSON object';
COMMENT ON CONSTRAINT notifications_title_length ON public.notifications IS
    'title: `title` must be 1 to 200 characters, not all blank';
COMMENT ON CONSTRAINT notifications_type_check ON public.notifications IS
    'type: `type` must be one of creation_liked, creation_commented, new_follower, comment_reply, mention, system_announcement, new_message, info, success, warning, error';

COMMENT ON CONSTRAINT payments_amount_nonnegative ON public.payments IS
    'amountCents: `amountCents` cannot be negative';
COMMENT ON CONSTRAINT payments_currency_format ON public.payments IS
    'currency: use a three-letter currency code such as USD';
COMMENT ON CONSTRAINT payments_metadata_is_object ON public.payments IS
    'metadata: `metadata` must be a JSON object';
COMMENT ON CONSTRAINT payments_order_id_key ON public.payments IS
    'orderId: a payment for this order already exists';
COMMENT ON CONSTRAINT payments_status_check ON public.payments IS
    'status: `status` must be one of created, pending, completed, failed, refunded, canceled';

COMMENT ON CONSTRAINT platform_connections_platform_id_fkey ON public.platform_connections IS
    'platformId: unknown platform: see `platforms`';
COMMENT ON CONSTRAINT platform_connections_user_platform_account_key ON public.platform_connections IS
    'platformUserId: this platform account is already connected';
COMMENT ON CONSTRAINT platform_connections_vault_secret_name_format ON public.platform_connections IS
    'vaultSecretName: name the vault entry holding the token (1 to 120 letters, digits, `_./:-`), never the token';

COMMENT ON CONSTRAINT platforms_slug_key ON public.platforms IS
    'slug: a platform with this slug already exists';

COMMENT ON CONSTRAINT posts_body_length ON public.posts IS
    'body: posts are at most 10000 characters';
COMMENT ON CONSTRAINT posts_media_urls_limit ON public.posts IS
    'mediaUrls: a post has at most 20 media URLs';
COMMENT ON CONSTRAINT posts_not_empty ON public.posts IS
    'body: a post needs text or media';
COMMENT ON CONSTRAINT posts_visibility_check ON public.posts IS
    'visibility: `visibility` must be one of public, followers, private';

COMMENT ON CONSTRAINT profiles_arcanean_id_key ON public.profiles IS
    'arcaneanId: this Arcanean ID is taken';
COMMENT ON CONSTRAINT profiles_bio_length ON public.profiles IS
    'bio: a bio is at most 1000 characters';
COMMENT ON CONSTRAINT profiles_display_name_length ON public.profiles IS
    'displayName: display names are at most 100 characters';
COMMENT ON CONSTRAINT profiles_onboarding_step_nonnegative ON public.profiles IS
    'onboardingStep: `onboardingStep` cannot be negative';
COMMENT ON CONSTRAINT profiles_preferences_is_object ON public.profiles IS
    'preferences: `preferences` must be a JSON object';
COMMENT ON CONSTRAINT profiles_subscription_status_check ON public.profiles IS
    'subscriptionStatus: `subscriptionStatus` must be one of active, trialing, past_due, canceled, paused';
COMMENT ON CONSTRAINT profiles_tier_check ON public.profiles IS
    'tier: `tier` must be one of explorer, creator, realm_builder';
COMMENT ON CONSTRAINT profiles_username_format ON public.profiles IS
    'username: usernames are 3 to 30 characters: lowercase letters, digits and _';
COMMENT ON CONSTRAINT profiles_username_key ON public.profiles IS
    'username: this username is taken';

COMMENT ON CONSTRAINT events_payload_size ON realtime.events IS
    'payload: an event payload is at most 4 KB';

COMMENT ON CONSTRAINT scheduled_task_runs_error_length ON public.scheduled_task_runs IS
    'error: `error` must be at most 4000 characters';
COMMENT ON CONSTRAINT scheduled_task_runs_finished_after_start ON public.scheduled_task_runs IS
    'finishedAt: a run cannot finish before it started';
COMMENT ON CONSTRAINT scheduled_task_runs_status_check ON public.scheduled_task_runs IS
    'status: `status` must be one of succeeded, failed';

COMMENT ON CONSTRAINT scheduled_tasks_action_length ON public.scheduled_tasks IS
    'action: the action is 1 to 100 characters';
COMMENT ON CONSTRAINT scheduled_tasks_counts_nonnegative ON public.scheduled_tasks IS
    'runCount: run and failure counts cannot be negative';
COMMENT ON CONSTRAINT scheduled_tasks_cron_expression_length ON public.scheduled_tasks IS
    'cronExpression: `cronExpression` must be 1 to 100 characters';
COMMENT ON CONSTRAINT scheduled_tasks_description_length ON public.scheduled_tasks IS
    'description: descriptions are at most 2000 characters';
COMMENT ON CONSTRAINT scheduled_tasks_interval_seconds_check ON public.scheduled_tasks IS
    'intervalSeconds: `intervalSeconds` must be 60 to 31536000';
COMMENT ON CONSTRAINT scheduled_tasks_last_run_status_check ON public.scheduled_tasks IS
    'lastRunStatus: `lastRunStatus` must be one of succeeded, failed';
COMMENT ON CONSTRAINT scheduled_tasks_max_consecutive_failures_check ON public.scheduled_tasks IS
    'maxConsecutiveFailures: pause after 1 to 100 failures in a row';
COMMENT ON CONSTRAINT scheduled_tasks_name_length ON public.scheduled_tasks IS
    'name: names are 1 to 200 characters';
COMMENT ON CONSTRAINT scheduled_tasks_one_schedule ON public.scheduled_tasks IS
    'cronExpression: give either a cron expression or an interval, not both';
COMMENT ON CONSTRAINT scheduled_tasks_paused_has_no_next_run ON public.scheduled_tasks IS
    'nextRunAt: a paused task has no next run';
COMMENT ON CONSTRAINT scheduled_tasks_payload_is_object ON public.scheduled_tasks IS
    'payload: `payload` must be a JSON object';
COMMENT ON CONSTRAINT scheduled_tasks_status_check ON public.scheduled_tasks IS
    'status: `status` must be one of active, paused';

COMMENT ON CONSTRAINT search_engines_slug_key ON public.search_engines IS
    'slug: a search engine with this slug already exists';

COMMENT ON CONSTRAINT security_events_details_is_object ON public.security_events IS
    'details: `details` must be a JSON object';
COMMENT ON CONSTRAINT security_events_kind_check ON public.security_events IS
    'kind: `kind` must be one of failed_login, brute_force_blocked, invalid_token, injection_attempt, suspicious_activity';

COMMENT ON CONSTRAINT seo_connections_search_engine_id_fkey ON public.seo_connections IS
    'searchEngineId: unknown search engine: see `searchEngines`';
COMMENT ON CONSTRAINT seo_connections_site_url_format ON public.seo_connections IS
    'siteUrl: use an http(s) URL';
COMMENT ON CONSTRAINT seo_connections_user_engine_site_key ON public.seo_connections IS
    'siteUrl: this site is already connected to this search engine';
COMMENT ON CONSTRAINT seo_connections_vault_secret_name_format ON public.seo_connections IS
    'vaultSecretName: name the vault entry holding the credentials (1 to 120 letters, digits, `_./:-`), never the secret';

COMMENT ON CONSTRAINT seo_submissions_connection_id_fkey ON public.seo_submissions IS
    'NOT_FOUND connectionId: no such SEO connection';
COMMENT ON CONSTRAINT seo_submissions_content_item_id_fkey ON public.seo_submissions IS
    'contentItemId: no such content item';
COMMENT ON CONSTRAINT seo_submissions_status_check ON public.seo_submissions IS
    'status: `status` must be one of pending, submitted, indexed, failed';
COMMENT ON CONSTRAINT seo_submissions_submitted_url_format ON public.seo_submissions IS
    'url: use an http(s) URL';

COMMENT ON CONSTRAINT seo_usage_count_nonnegative ON public.seo_usage IS
    'submissionsCount: `submissionsCount` cannot be negative';
COMMENT ON CONSTRAINT seo_usage_user_period_key ON public.seo_usage IS
    'periodStart: usage for this period is already recorded';

COMMENT ON CONSTRAINT social_accounts_connection_id_fkey ON public.social_accounts IS
    'connectionId: no such platform connection';
COMMENT ON CONSTRAINT social_accounts_followers_nonnegative ON public.social_accounts IS
    'followersCount: `followersCount` cannot be negative';
COMMENT ON CONSTRAINT social_accounts_handle_length ON public.social_accounts IS
    'handle: handles are 1 to 100 characters';
COMMENT ON CONSTRAINT social_accounts_platform_handle_key ON public.social_accounts IS
    'handle: this handle is already registered on this platform';
COMMENT ON CONSTRAINT social_accounts_platform_id_fkey ON public.social_accounts IS
    'platformId: unknown platform: see `platforms`';

COMMENT ON CONSTRAINT stripe_webhook_events_event_id_key ON public.stripe_webhook_events IS
    'eventId: this Stripe event was already received';

COMMENT ON CONSTRAINT subscription_tiers_max_concurrent_runs_positive ON public.subscription_tiers IS
    'maxConcurrentRuns: `maxConcurrentRuns` must be more than 0';
COMMENT ON CONSTRAINT subscription_tiers_monthly_credits_nonnegative ON public.subscription_tiers IS
    'monthlyCredits: `monthlyCredits` cannot be negative';
COMMENT ON CONSTRAINT subscription_tiers_price_nonnegative ON public.subscription_tiers IS
    'priceCents: `priceCents` cannot be negative';
COMMENT ON CONSTRAINT subscription_tiers_quotas_is_object ON public.subscription_tiers IS
    'quotas: `quotas` must be a JSON object';
COMMENT ON CONSTRAINT subscription_tiers_slug_format ON public.subscription_tiers IS
    'slug: slugs are 2 to 40 characters: lowercase letters, digits and _';
COMMENT ON CONSTRAINT subscription_tiers_slug_key ON public.subscription_tiers IS
    'slug: a tier with this slug already exists';

COMMENT ON CONSTRAINT subscriptions_cycle_order ON public.subscriptions IS
    'cycleEnd: a billing cycle must end after it starts';
COMMENT ON CONSTRAINT subscriptions_provider_subscription_id_key ON public.subscriptions IS
    'providerSubscriptionId: this provider subscription is already recorded';
COMMENT ON CONSTRAINT subscriptions_status_check ON public.subscriptions IS
    'status: `status` must be one of active, trialing, past_due, canceled, paused';
COMMENT ON CONSTRAINT subscriptions_user_id_key ON public.subscriptions IS
    'userId: this person already has a subscription';

COMMENT ON CONSTRAINT themes_colors_is_object ON public.themes IS
    'colors: colors must be a JSON object';
COMMENT ON CONSTRAINT themes_name_length ON public.themes IS
    'name: theme names are 1 to 100 characters';

COMMENT ON CONSTRAINT trending_content_content_item_id_key ON public.trending_content IS
    'contentItemId: this content item is already trending';

COMMENT ON CONSTRAINT trending_keywords_keyword_key ON public.trending_keywords IS
    'keyword: this keyword is already trending';

COMMENT ON CONSTRAINT usage_records_amount_nonnegative ON public.usage_records IS
    'amount: `amount` cannot be negative';
COMMENT ON CONSTRAINT usage_records_metric_check ON public.usage_records IS
    'metric: `metric` must be one of syncs, ai_analyses, seo_submissions';
COMMENT ON CONSTRAINT usage_records_user_id_metric_period_start_key ON public.usage_records IS
    'periodStart: usage of this metric for this period is already recorded';

COMMENT ON CONSTRAINT user_ai_settings_user_id_key ON public.user_ai_settings IS
    'userId: you already have AI settings';

COMMENT ON CONSTRAINT user_roles_role_check ON public.user_roles IS
    'role: `role` must be one of user, creator, moderator, admin';
COMMENT ON CONSTRAINT user_roles_user_id_role_key ON public.user_roles IS
    'role: this person already has this role';

COMMENT ON CONSTRAINT user_settings_language_format ON public.user_settings IS
    'language: use a language tag such as `en` or `pt-BR`';
COMMENT ON CONSTRAINT user_settings_notification_preferences_is_object ON public.user_settings IS
    'notificationPreferences: `notificationPreferences` must be a JSON object';
COMMENT ON CONSTRAINT user_settings_ui_mode_check ON public.user_settings IS
    'uiMode: `uiMode` must be one of light, dark, system';
COMMENT ON CONSTRAINT user_settings_user_id_key ON public.user_settings IS
    'userId: you already have settings';

COMMENT ON CONSTRAINT user_widgets_config_is_object ON public.user_widgets IS
    'config: the config must be a JSON object';
COMMENT ON CONSTRAINT user_widgets_layout_is_object ON public.user_widgets IS
    'layout: the layout must be a JSON object';
COMMENT ON CONSTRAINT user_widgets_widget_type_length ON public.user_widgets IS
    'widgetType: widget types are 1 to 100 characters';

COMMENT ON CONSTRAINT users_email_format ON public.users IS
    'email: this is not an email address';
COMMENT ON CONSTRAINT users_email_key ON public.users IS
    'email: an account with this email already exists';
COMMENT ON CONSTRAINT users_email_lowercase ON public.users IS
    'email: email addresses are stored in lowercase';
COMMENT ON CONSTRAINT users_role_check ON public.users IS
    'role: `role` must be one of user, admin';

COMMENT ON CONSTRAINT wallets_address_format ON public.wallets IS
    'address: not a valid address for this chain: Ethereum and Polygon use 0x and 40 hex digits, Solana a base58 key of 32 to 44 characters';
COMMENT ON CONSTRAINT wallets_chain_check ON public.wallets IS
    'chain: `chain` must be one of solana, ethereum, polygon';
COMMENT ON CONSTRAINT wallets_label_length ON public.wallets IS
    'label: labels are at most 100 characters';
COMMENT ON CONSTRAINT wallets_user_chain_address_key ON public.wallets IS
    'address: you already added this wallet';

COMMENT ON CONSTRAINT wide_research_jobs_counts_check ON public.wide_research_jobs IS
    'totalSubtasks: a job has at most 250 subtasks, and completed plus failed cannot exceed them';
COMMENT ON CONSTRAINT wide_research_jobs_max_attempts_check ON public.wide_research_jobs IS
    'maxAttempts: `maxAttempts` must be 1 to 10';
COMMENT ON CONSTRAINT wide_research_jobs_progress_check ON public.wide_research_jobs IS
    'progress: `progress` must be 0 to 100';
COMMENT ON CONSTRAINT wide_research_jobs_status_check ON public.wide_research_jobs IS
    'status: `status` must be one of pending, running, completed, failed, canceled';
COMMENT ON CONSTRAINT wide_research_jobs_template_id_fkey ON public.wide_research_jobs IS
    'NOT_FOUND templateId: no such template';
COMMENT ON CONSTRAINT wide_research_jobs_title_length ON public.wide_research_jobs IS
    'title: titles are 1 to 200 characters';

COMMENT ON CONSTRAINT wide_research_subtasks_attempts_check ON public.wide_research_subtasks IS
    'attempts: `attempts` must be 0 to 10';
COMMENT ON CONSTRAINT wide_research_subtasks_error_length ON public.wide_research_subtasks IS
    'error: `error` must be at most 4000 characters';
COMMENT ON CONSTRAINT wide_research_subtasks_job_id_position_key ON public.wide_research_subtasks IS
    'position: this job already has a subtask at this position';
COMMENT ON CONSTRAINT wide_research_subtasks_position_check ON public.wide_research_subtasks IS
    'position: `position` must be 0 to 249';
COMMENT ON CONSTRAINT wide_research_subtasks_query_length ON public.wide_research_subtasks IS
    'query: `query` must be 1 to 8000 characters, not all blank';
COMMENT ON CONSTRAINT wide_research_subtasks_result_size ON public.wide_research_subtasks IS
    'result: a subtask''s result is limited to 64 KB';
COMMENT ON CONSTRAINT wide_research_subtasks_status_check ON public.wide_research_subtasks IS
    'status: `status` must be one of pending, running, completed, failed, canceled';

COMMENT ON CONSTRAINT wide_research_templates_description_length ON public.wide_research_templates IS
    'description: `description` must be at most 2000 characters';
COMMENT ON CONSTRAINT wide_research_templates_max_attempts_check ON public.wide_research_templates IS
    'maxAttempts: a subtask gets 1 to 10 attempts';
COMMENT ON CONSTRAINT wide_research_templates_name_length ON public.wide_research_templates IS
    'name: names are 1 to 200 characters';
COMMENT ON CONSTRAINT wide_research_templates_prompt_template_format ON public.wide_research_templates IS
    'promptTemplate: the prompt is at most 4000 characters and contains `{item}`';
