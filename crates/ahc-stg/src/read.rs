pub fn read_module(_b: &[u8]) -> Result<crate::Module, ReadError> { todo!() }
#[derive(Debug)] pub struct ReadError;
pub const FORMAT_VERSION: u32 = 1; pub const MAGIC: &[u8; 8] = b"AHCSTG\0\0";
