//! Writes the simulated convergence behind the plot in docs/adaptation.md as CSV:
//! `cargo run -p mentor-progress --example simulate > docs/adaptation/simulation.csv`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::cast_precision_loss)]

#[path = "../tests/support/simulation.rs"]
mod simulation;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    println!("skill,day,rating,served,first_try");
    for skill in [850.0, 1250.0, 1550.0] {
        for d in simulation::simulate(skill, 90, 3, 7).await {
            println!(
                "{skill},{},{:.1},{:.1},{:.3}",
                d.day, d.rating, d.served, d.first_try
            );
        }
    }
}
