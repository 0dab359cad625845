//! The attributes as users meet them: they compile on every item kind they
//! support (and the items behave as if unannotated), and misuse fails with
//! a message that points at the bad token.

#[test]
fn attributes_compile_where_they_belong_and_fail_clearly_elsewhere() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass/*.rs");
    cases.compile_fail("tests/ui/fail/*.rs");
}
