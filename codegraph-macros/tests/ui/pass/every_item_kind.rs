use codegraph_macros as cg;
use codegraph_macros::{layer, note, owner, tag};

#[cg::layer("domain")]
#[cg::tag("hot-path", "auth")]
#[cg::owner("payments-team")]
#[cg::note("the only place that talks to the ledger")]
pub fn settle(amount: u64) -> u64 {
    amount + 1
}

#[layer("domain")]
#[derive(Debug, Clone, PartialEq)]
pub struct Ledger {
    pub entries: Vec<u64>,
}

#[tag("model")]
pub enum Currency {
    Eur,
    Usd,
}

#[owner("core-team")]
pub union Bits {
    pub word: u32,
    pub bytes: [u8; 4],
}

#[note("what a store must do")]
pub trait Store {
    fn put(&mut self, value: u64);
}

#[cg::layer("infra")]
impl Store for Ledger {
    fn put(&mut self, value: u64) {
        self.entries.push(value);
    }
}

#[cg::layer("domain")]
mod rules {
    pub const LIMIT: u64 = 10;
}

#[tag("config")]
pub const MAX: u64 = rules::LIMIT;

#[tag("state")]
pub static NAME: &str = "ledger";

#[owner("core-team")]
pub type Amount = u64;

fn main() {
    // The items behave exactly as if they were not annotated.
    let mut ledger = Ledger { entries: Vec::new() };
    ledger.put(settle(1));
    assert_eq!(ledger.clone(), Ledger { entries: vec![2] });
    assert_eq!(MAX, 10);
    assert_eq!(NAME, "ledger");
    let amount: Amount = 3;
    assert_eq!(amount, 3);
    assert!(matches!(Currency::Eur, Currency::Eur) && !matches!(Currency::Usd, Currency::Eur));
    let bits = Bits { word: 0 };
    assert_eq!(unsafe { bits.bytes }, [0; 4]);
}
