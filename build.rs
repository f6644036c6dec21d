// The models and rule tables are embedded in the binary (`include_dir!`), which cargo does
// not track: rebuild when any file under clause-templates/ changes, so a reviewer's edit to a
// rule table is never silently left out of the next build.
fn main() {
    println!("cargo:rerun-if-changed=clause-templates");
}
