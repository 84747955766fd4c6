fn main() {
    std::process::exit(ahc_driver::main_boot(std::env::args_os().skip(1).collect()));
}
