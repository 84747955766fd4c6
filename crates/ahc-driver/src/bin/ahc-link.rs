fn main() {
    std::process::exit(ahc_driver::main_link(std::env::args_os().skip(1).collect()));
}
