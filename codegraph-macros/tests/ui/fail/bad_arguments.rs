use codegraph_macros as cg;

#[cg::layer]
fn no_argument() {}

#[cg::layer(domain)]
fn not_a_string() {}

#[cg::owner("a", "b")]
fn two_owners() {}

#[cg::tag("ok", "")]
fn empty_tag() {}

fn main() {}
