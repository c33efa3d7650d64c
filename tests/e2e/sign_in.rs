//! Signing in with IAM Identity Center, as far as the window goes without one: Settings shows the
//! Sign in section (start URL, region, the button), and a start URL that is not one is refused
//! with a message saying what a start URL looks like — before anything is asked of AWS or the
//! keychain. (`sign_in_aws` signs in through the whole device flow, against the Identity
//! Center double, on an emulated AWS mesh.)

use anyhow::{Result, ensure};

use crate::harness::with_window;

#[tokio::test(flavor = "multi_thread")]
async fn the_sign_in_section_refuses_a_start_url_that_is_not_one() -> Result<()> {
    with_window("sign-in", async |window| {
        window.click("#nav-settings").await?;
        window.wait_for("#sign-in").await?;
        window.replace_text("#sso-start-url", "portal.example.com/start").await?;
        window.replace_text("#sso-region", "eu-west-1").await?;
        window.click("#sign-in-button").await?;
        let error = window.wait_for("#sign-in-error").await?.text().await?;
        ensure!(
            error.contains("is not a start URL") && error.contains("awsapps.com/start"),
            "after a bad start URL the window says {error:?}"
        );
        window.step("bad-start-url").await
    })
    .await
}
