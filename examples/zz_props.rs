use reassure::engine::simulate_serial;
use reassure::model::{Model, Outcome};
use reassure::scenario::parse;
fn ww(text:&str, runs:u64)->(f64,f64,f64){ let m=Model::new(&parse(text,"x").unwrap()); let a=simulate_serial(&m,2025,0..runs);
 (a.outcomes[Outcome::WiderWar as usize] as f64/runs as f64*100.0, a.outcomes[Outcome::ForceWithdrawn as usize] as f64/runs as f64*100.0, a.outcomes[Outcome::CeasefireCollapse as usize] as f64/runs as f64*100.0)}
fn main(){
 let base = reassure::scenario::DEFAULT_SCENARIO_TEXT;
 let a: Vec<String> = std::env::args().collect();
 let extra = a.get(1).cloned().unwrap_or_default().replace(';', "\n");
 let b0 = ww(&format!("{base}\n[assumptions]\n{extra}\n"),100000);
 let mut prev=None; let mut maxstep: f64=0.0;
 for b in [0.5,0.55,0.6,0.65,0.7,0.75,0.8,0.85,0.9] { let t=format!("{base}\n[assumptions]\nrenewal_bar = {b}\n{extra}\n"); let r=ww(&t,60000); if let Some(p)=prev { maxstep=maxstep.max((r.1-p as f64).abs()); } prev=Some(r.1); }
 println!("{extra:?}: baseline {:?} maxstep {maxstep:.2}", b0);
}
