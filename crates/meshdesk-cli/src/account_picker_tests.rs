//! The picker's questions answered from a script of typed lines, checked by what it wrote.

use super::*;

fn account(id: &str, name: &str, roles: &[&str], in_mesh: bool) -> SsoAccountChoice {
    SsoAccountChoice { account_id: id.into(), name: name.into(), roles: roles.iter().map(|r| (*r).to_owned()).collect(), in_mesh }
}

fn accounts() -> Vec<SsoAccountChoice> {
    vec![
        account("111111111111", "Billing Prod", &["Admin", "Analyst"], false),
        account("222222222222", "Identity Prod", &["Analyst"], false),
        account("333333333333", "Voice Prod", &["Admin", "Analyst", "ReadOnly"], false),
        account("444444444444", "Hub", &["Analyst"], true),
    ]
}

/// Runs the picker on `typed` (one answer a line); returns what it chose and what it printed.
fn run(preferred: Option<&str>, ask_hub: bool, typed: &str) -> (Result<Picked, PickError>, String) {
    let mut printed = Vec::new();
    let result = pick(&accounts(), preferred, ask_hub, &mut typed.as_bytes(), &mut printed);
    (result, String::from_utf8(printed).expect("UTF-8"))
}

fn chosen(picked: &Picked) -> Vec<String> {
    picked.picks.iter().map(|p| format!("{}/{}", p.account_id, p.role)).collect()
}

#[test]
fn the_accounts_not_in_the_mesh_are_offered_and_enter_takes_the_preferred_role() {
    let (picked, printed) = run(Some("Analyst"), false, "all\n\n\n");
    let picked = picked.expect("picked");
    assert_eq!(chosen(&picked), ["111111111111/Analyst", "222222222222/Analyst", "333333333333/Analyst"]);
    assert!(printed.contains("   1. Billing Prod (111111111111)  roles: Admin, Analyst"), "{printed}");
    assert!(!printed.contains("444444444444"), "an account in the mesh is not offered: {printed}");
    assert!(printed.contains("(1 more already in the mesh file)"), "{printed}");
    assert!(printed.contains("Role in Billing Prod (111111111111): 1. Admin  2. Analyst [Enter: Analyst]: "), "{printed}");
    assert!(!printed.contains("Role in Identity Prod"), "an account's only role is not asked for: {printed}");
}

#[test]
fn ranges_numbers_and_role_names_pick_and_a_bad_answer_is_asked_again() {
    // "5" is out of range, "3-1" runs backwards, then 1 and 3; roles by name (any case) and number.
    let (picked, printed) = run(None, false, "5\n3-1\n1, 3\n\nadmin\nnobody\n3\n");
    let picked = picked.expect("picked");
    assert_eq!(chosen(&picked), ["111111111111/Admin", "333333333333/ReadOnly"]);
    assert!(printed.contains("\"5\" is not a number from 1 to 3"), "{printed}");
    assert!(printed.contains("\"3-1\" runs backwards"), "{printed}");
    assert!(printed.contains("pick a role: its number or its name"), "Enter without a preferred role: {printed}");
    assert!(printed.contains("\"nobody\" is none of the roles"), "{printed}");
    assert!(!printed.contains("[Enter:"), "no preferred role, no default: {printed}");

    let (picked, _) = run(None, false, "2-3\n1\n");
    assert_eq!(chosen(&picked.expect("picked")), ["222222222222/Analyst", "333333333333/Admin"]);
}

#[test]
fn enter_adds_nothing_and_the_hub_is_asked_for_a_new_mesh_file() {
    let (picked, _) = run(Some("Analyst"), true, "\n");
    assert_eq!(picked.expect("answered").picks, []);

    let (picked, printed) = run(Some("Analyst"), true, "1-2\n\n2\n");
    let picked = picked.expect("picked");
    assert_eq!((chosen(&picked).len(), picked.hub), (2, 1), "the second picked is the hub");
    assert!(printed.contains("Which is the hub? [Enter: 1]: "), "{printed}");
    let (picked, _) = run(Some("Analyst"), true, "2\n");
    assert_eq!(picked.expect("picked").hub, 0, "one account: no question, it is the hub");
}

#[test]
fn input_that_ends_or_never_reads_adds_nothing() {
    let (ended, _) = run(None, false, "1\n");
    assert!(matches!(ended, Err(PickError::Ended)), "the role question got no answer: {ended:?}");
    let (wrong, _) = run(None, false, "x\nx\nx\nx\nx\n1\n");
    let error = wrong.expect_err("five bad answers");
    assert_eq!(error.to_string(), "\"x\" is not a number from 1 to 3: nothing was added to the mesh file");

    let mut printed = Vec::new();
    let all_in = [account("444444444444", "Hub", &["Analyst"], true)];
    let picked = pick(&all_in, None, true, &mut "".as_bytes(), &mut printed).expect("nothing to ask");
    assert_eq!(picked.picks, []);
    assert!(String::from_utf8_lossy(&printed).contains("in the mesh file already (1)"));
}
