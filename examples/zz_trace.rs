use reassure::model::{Model, MonthLog, Observer, Outcome};
use reassure::scenario::load;
#[derive(Default)] struct L(Vec<MonthLog>);
impl Observer for L { fn month(&mut self, l:&MonthLog){ self.0.push(*l);} }
fn main(){
  let a: Vec<String> = std::env::args().collect();
  let s = load(std::path::Path::new(&a[1])).unwrap();
  let want = Outcome::find(&a[2]).unwrap();
  let m = Model::new(&s); let mut shown=0;
  for run in 0..200000u64 { let mut l=L::default(); let r=m.run(2025,run,&mut l);
    if r.outcome==want { shown+=1; println!("run {run}: {:?} route {:?} deaths {} peak {} fought {}", r.outcome, r.route, r.deaths, r.peak_rung, r.fought);
      for x in &l.0 { if x.action as u8 !=0 || x.deaths>0 || x.escalation.is_some() || x.branch.is_some() || x.terminal.is_some() || x.answered.is_some() || x.aircraft_lost { println!("  m{:2} {:?} {:?} br {:?} esc {:?} ac {} deaths {} ans {:?} ink {} rung {} D {:.2} cred {:.2} will {:.2?} pres {:?} term {:?}", x.mission_month, x.phase, x.action, x.branch, x.escalation, x.aircraft_lost, x.deaths, x.answered, x.in_kind, x.rung, x.deterrence, x.credibility, x.will, x.present, x.terminal);} }
      if shown>=4 {break;} } }
}
