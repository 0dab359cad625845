#[codegraph_macros::layer("domain")]
use std::fmt;

#[codegraph_macros::layer("domain")]
mod outline;

fn main() {}
