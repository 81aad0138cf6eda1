//! Messaging writes: direct and group conversations, messages, unread counts and the
//! notifications a message raises.

use crate::common;

use anyhow::Result;
use common::{TestApp, node_strings, nodes};
use serde_json::json;

#[tokio::test]
async fn two_people_talk_in_one_direct_conversation() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let bob = app.create_user("bob").await?;
    let eve = app.create_user("eve").await?;
    let open = "mutation($id: UUID!) { getOrCreateDirectConversation(userId: $id) { id kind members { edges { node { user { username } } } } } }";
    let first = app
        .query(Some(&ada.token), open, json!({ "id": bob.id }))
        .await?;
    let again = app
        .query(Some(&bob.token), open, json!({ "id": ada.id }))
        .await?;
    let chat = first["getOrCreateDirectConversation"]["id"].clone();
    assert_eq!(
        again["getOrCreateDirectConversation"]["id"], chat,
        "one conversation per pair"
    );
    assert_eq!(
        nodes(&first["getOrCreateDirectConversation"]["members"]).len(),
        2
    );
    assert_eq!(
        app.error_code(Some(&ada.token), open, json!({ "id": ada.id }))
            .await?,
        "BAD_USER_INPUT"
    );

    let send = "mutation($c: UUID!, $body: String!) { sendMessage(conversationId: $c, body: $body) { id body sender { username } } }";
    let sent = app
        .query(
            Some(&ada.token),
            send,
            json!({ "c": chat, "body": "hi bob" }),
        )
        .await?;
    let message = sent["sendMessage"]["id"].clone();
    app.query(
        Some(&ada.token),
        send,
        json!({ "c": chat, "body": "are you there?" }),
    )
    .await?;
    assert_eq!(
        app.error_code(
            Some(&eve.token),
            send,
            json!({ "c": chat, "body": "let me in" })
        )
        .await?,
        "NOT_FOUND"
    );
    let (_, body) = app
        .post_graphql(
            Some(&ada.token),
            send,
            json!({ "c": chat, "body": "x".repeat(10_001) }),
        )
        .await?;
    assert_eq!(body["errors"][0]["extensions"]["field"], "body");

    let unread = "{ conversations { edges { node { unreadCount } } } unreadNotificationCount }";
    let data = app.query(Some(&bob.token), unread, json!({})).await?;
    assert_eq!(data["conversations"]["edges"][0]["node"]["unreadCount"], 2);
    assert_eq!(
        data["unreadNotificationCount"], 2,
        "each message notified Bob"
    );
    let data = app.query(Some(&ada.token), unread, json!({})).await?;
    assert_eq!(
        data["conversations"]["edges"][0]["node"]["unreadCount"], 0,
        "your own messages are read"
    );

    app.query(
        Some(&bob.token),
        "mutation($c: UUID!) { markConversationRead(conversationId: $c) { unreadCount } }",
        json!({ "c": chat }),
    )
    .await?;
    let data = app
        .query(
            Some(&bob.token),
            "mutation { markAllNotificationsRead }",
            json!({}),
        )
        .await?;
    assert_eq!(data["markAllNotificationsRead"], 2);
    let data = app.query(Some(&bob.token), unread, json!({})).await?;
    assert_eq!(data["conversations"]["edges"][0]["node"]["unreadCount"], 0);
    assert_eq!(data["unreadNotificationCount"], 0);

    let edit = "mutation($id: UUID!, $body: String!) { editMessage(id: $id, body: $body) { body editedAt } }";
    assert_eq!(
        app.error_code(
            Some(&bob.token),
            edit,
            json!({ "id": message, "body": "forged" })
        )
        .await?,
        "NOT_FOUND"
    );
    let data = app
        .query(
            Some(&ada.token),
            edit,
            json!({ "id": message, "body": "hi Bob!" }),
        )
        .await?;
    assert_eq!(data["editMessage"]["body"], "hi Bob!");
    assert!(data["editMessage"]["editedAt"].is_string());
    let data = app
        .query(
            Some(&ada.token),
            "mutation($id: UUID!) { deleteMessage(id: $id) { body deletedAt } }",
            json!({ "id": message }),
        )
        .await?;
    assert_eq!(data["deleteMessage"]["body"], "");
    assert!(data["deleteMessage"]["deletedAt"].is_string());
    assert_eq!(
        app.error_code(
            Some(&ada.token),
            edit,
            json!({ "id": message, "body": "back" })
        )
        .await?,
        "BAD_USER_INPUT"
    );
    Ok(())
}

#[tokio::test]
async fn groups_are_run_by_their_owner() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    let bob = app.create_user("bob").await?;
    let cat = app.create_user("cat").await?;
    let eve = app.create_user("eve").await?;
    let create = "mutation($members: [UUID!]!) { createGroupConversation(title: \"Launch\", memberIds: $members) { id title members { edges { node { role user { username } } } } } }";
    let data = app
        .query(
            Some(&ada.token),
            create,
            json!({ "members": [bob.id, bob.id, ada.id] }),
        )
        .await?;
    let group = data["createGroupConversation"]["id"].clone();
    let mut members: Vec<String> = nodes(&data["createGroupConversation"]["members"])
        .iter()
        .map(|m| {
            format!(
                "{}:{}",
                m["user"]["username"].as_str().unwrap_or(""),
                m["role"].as_str().unwrap_or("")
            )
        })
        .collect();
    members.sort();
    assert_eq!(members, ["ada:OWNER", "bob:MEMBER"]);
    let (_, body) = app
        .post_graphql(
            Some(&ada.token),
            create,
            json!({ "members": ["00000000-0000-0000-0000-000000000001"] }),
        )
        .await?;
    assert_eq!(body["errors"][0]["extensions"]["code"], "NOT_FOUND");

    let add = "mutation($c: UUID!, $ids: [UUID!]!) { addMembers(conversationId: $c, userIds: $ids) { id } }";
    assert_eq!(
        app.error_code(
            Some(&bob.token),
            add,
            json!({ "c": group, "ids": [cat.id] })
        )
        .await?,
        "FORBIDDEN",
        "members may not add people"
    );
    assert_eq!(
        app.error_code(
            Some(&eve.token),
            add,
            json!({ "c": group, "ids": [eve.id] })
        )
        .await?,
        "NOT_FOUND",
        "outsiders cannot see the group"
    );
    app.query(
        Some(&ada.token),
        add,
        json!({ "c": group, "ids": [cat.id] }),
    )
    .await?;

    let leave = "mutation($c: UUID!) { leaveConversation(conversationId: $c) }";
    app.query(Some(&bob.token), leave, json!({ "c": group }))
        .await?;
    let data = app
        .query(
            Some(&bob.token),
            "{ conversations { edges { node { id } } } }",
            json!({}),
        )
        .await?;
    assert!(
        nodes(&data["conversations"]).is_empty(),
        "after leaving, the group is gone for Bob"
    );
    let data = app.query(Some(&cat.token), "query($c: UUID!) { conversation(id: $c) { members { edges { node { user { username } } } } } }", json!({ "c": group })).await?;
    let mut left: Vec<String> = nodes(&data["conversation"]["members"])
        .iter()
        .map(|m| m["user"]["username"].as_str().unwrap_or("").to_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["ada", "cat"]);

    let data = app
        .query(
            Some(&cat.token),
            "{ notifications { edges { node { id type } } } }",
            json!({}),
        )
        .await?;
    assert!(node_strings(&data["notifications"], "type").is_empty());
    Ok(())
}
