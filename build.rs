//! Rebuilds the server when the playground changes. rust-embed compiles
//! `playground/index.html` and `playground/vendor/*` into the binary but tells Cargo only
//! about the files it found, so a `vendor/` filled by `scripts/provision.sh` after a first
//! build would otherwise never reach the binary.

fn main() {
    println!("cargo::rerun-if-changed=playground");
    if !std::path::Path::new("playground/vendor").is_dir() {
        println!(
            "cargo::warning=playground/vendor/ is missing: run scripts/provision.sh and rebuild, \
             or GraphiQL at / only says what to run"
        );
    }
}
