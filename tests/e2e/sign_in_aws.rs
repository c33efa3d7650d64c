//! Signing in with IAM Identity Center in the window, end to end, on an emulated AWS mesh
//! (`aws_mesh`: moto, the Identity Center double, a private keychain): the window opens on a mesh
//! file with an `[sso]` section and no session, says so, and one click starts the sign-in; the
//! user sees the code, Identity Center answers "pending" until the user approves, and the
//! window opens the signed-in mesh; the user picks another account and role, and the catalog
//! lists every seeded product and table — all without restarting the window. When Identity
//! Center then ends the session, opening the mesh again fails and keeps the mesh shown, and the
//! top bar offers to sign in again, which takes one click and the approval.

use std::time::{Duration, Instant};

use anyhow::{Result, bail, ensure};

use crate::aws_mesh::{AwsMesh, BILLING, IDENTITY, MESH_NAME, PRODUCTS, START_URL, awaiting_approval};
use crate::harness::{Window, with_app};

fn row(account: &str, database: &str) -> String {
    format!(r#".result-row[data-product="{account}:{database}"]"#)
}

#[tokio::test(flavor = "multi_thread")]
async fn signing_in_opens_the_signed_in_mesh_and_added_accounts_without_a_restart() -> Result<()> {
    let mesh = AwsMesh::start().await?;
    with_app("sso-sign-in", mesh.launch(), async |window| {
        // No session yet: the mesh cannot be opened, and the top bar offers to sign in.
        window.wait_for_text_containing(r#"#session-chip[data-state="signed-out"]"#, "Not signed in").await?;
        window.step("not-signed-in").await?;

        // One click: Settings opens and the device sign-in starts with the mesh file's start URL.
        window.click("#session-sign-in").await?;
        let code = window.text_of("#sign-in-user-code").await?;
        ensure!(code.starts_with("WXYZ-"), "the window shows the user code, not {code:?}");
        let polls = wait_for_polls(&mesh, 1).await?;
        window.step("user-code").await?;
        ensure!(window.text_of("#sign-in-code").await?.contains("device.sso.eu-west-1.amazonaws.com"), "the verification page is named");

        // The user approves on the verification page; the window opens the signed-in mesh.
        mesh.double.approve(START_URL);
        let notice = window.wait_for_text_containing("#sign-in-notice", "is open").await?;
        ensure!(notice.contains(&format!("The mesh {MESH_NAME} is open: 1 account, 1 product")), "after the sign-in: {notice:?}");
        ensure!(mesh.double.polls(START_URL).len() > polls, "the approval came on a later poll");
        let state = window.text_of("#sign-in-state").await?;
        ensure!(state.starts_with(&format!("Signed in to {START_URL} until")), "the session line says {state:?}");
        let chip = window.wait_for_text_containing(r#"#session-chip[data-state="signed-in"]"#, "Until ").await?;
        ensure!(chip.ends_with(" UTC"), "the top bar shows when the session ends: {chip:?}");
        // The top bar as the user reads it: these texts, each shown whole (none cut short).
        window.wait_for_content("#mesh-name", MESH_NAME).await?;
        window.wait_for_content_containing(".mesh-summary .identity-name", "mia").await?;
        window.wait_for_content("#mesh-counts", "1 account · 1 product · 2 tables").await?;
        whole_top_bar(window).await?;
        window.step("signed-in").await?;

        // The picker: the analyst role preferred, the Billing account is picked (Identity is in the mesh).
        window.replace_text("#sso-preferred-role", "Analyst").await?;
        window.click("#sso-load-accounts").await?;
        window.wait_for_at_least(3, "#sso-accounts tr[data-account]").await?;
        let identity = window.text_of(&format!(r#"#sso-accounts tr[data-account="{IDENTITY}"]"#)).await?;
        ensure!(identity.contains("in the mesh"), "the account already in the mesh file says so: {identity:?}");
        window.step("accounts").await?;
        window.click("#sso-add-accounts").await?;
        let notice = window.wait_for_text_containing("#sign-in-notice", "2 accounts, 2 products").await?;
        ensure!(notice.starts_with("Added 1 account(s) to the mesh file."), "after adding: {notice:?}");
        let file = std::fs::read_to_string(&mesh.mesh_file)?;
        ensure!(file.contains(&format!("sso_account_id = \"{BILLING}\"\nsso_role = \"Analyst\"")), "the mesh file names Billing:\n{file}");
        window.wait_for_content("#mesh-counts", "2 accounts · 2 products · 4 tables").await?;
        window.wait_for_text(r#"#mesh-indicator[data-level="warning"]"#, "LF bypassed").await?;
        whole_top_bar(window).await?;
        window.step("accounts-added").await?;

        // The catalog lists both accounts' products, read with moto-issued credentials.
        window.click("#nav-catalog").await?;
        for (account, database, _) in PRODUCTS {
            window.wait_for(&row(account, database)).await?;
        }
        window.step("catalog").await?;
        let (account, database, tables) = PRODUCTS[1];
        window.click(&row(account, database)).await?;
        window.wait_for_text("#product-title", database).await?;
        window.click("#tab-schema").await?;
        for table in tables {
            window.wait_for_text_containing("#main", table).await?;
        }
        window.step("billing-tables").await?;

        // A narrower window: the top bar still shows every part whole.
        window.resize(1024, 768).await?;
        whole_top_bar(window).await?;
        window.step("billing-tables-1024px").await?;
        window.resize(1280, 800).await?;

        // Identity Center ends the session: the refresh token is refused.
        mesh.double.revoke(START_URL);
        window.click("#nav-settings").await?;
        window.click("#reopen-mesh").await?;
        let refused = window.wait_for_text_containing("#reopen-result", "could not be opened again").await?;
        ensure!(refused.contains("ended: sign in again"), "a reopen after Identity Center ended the session says {refused:?}");
        window.wait_for_content("#mesh-counts", "2 accounts · 2 products · 4 tables").await?;
        window.wait_for_text_containing(r#"#session-chip[data-state="ended"]"#, "Session ended").await?;
        whole_top_bar(window).await?;
        window.step("session-ended").await?;

        // One click, the code, the approval: signed in again, the mesh opened again.
        awaiting_approval(&mesh.double);
        window.click("#session-sign-in").await?;
        window.text_of("#sign-in-user-code").await?;
        wait_for_polls(&mesh, 1).await?;
        mesh.double.approve(START_URL);
        window.wait_for_text_containing("#sign-in-notice", "2 accounts, 2 products").await?;
        window.wait_for_text_containing(r#"#session-chip[data-state="signed-in"]"#, "Until ").await?;
        window.step("signed-in-again").await
    })
    .await
}

/// Every part of the top bar can be read whole: nothing cut short, clipped or outside the window.
async fn whole_top_bar(window: &Window) -> Result<()> {
    let cut = window.cut_parts(".top-bar").await?;
    ensure!(cut.is_empty(), "the top bar at {} px does not show all of itself: {cut:#?}", window.width().await?);
    Ok(())
}

/// Waits until the sign-in polled Identity Center at least `count` times; returns how often.
async fn wait_for_polls(mesh: &AwsMesh, count: usize) -> Result<usize> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let polls = mesh.double.polls(START_URL).len();
        if polls >= count {
            return Ok(polls);
        }
        if Instant::now() >= deadline {
            bail!("the window polled Identity Center {polls} times in 20 s, not {count}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
