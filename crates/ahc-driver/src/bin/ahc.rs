fn main() {
    std::process::exit(ahc_driver::main_ahc());
}
