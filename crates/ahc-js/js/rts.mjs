// ahc runtime, JavaScript side.
//
// A WASI preview 1 implementation (module "wasi_snapshot_preview1") for node and browsers, and
// the Asterius-style instance API: `newAsteriusInstance(req)` returns `i` with
// `i.exports.main()` (a Promise of the exit code).
//
// Not node:wasi: in node 20 it prints an ExperimentalWarning on stderr, which would differ from
// the native program's stderr.
//
// Output: in node, fd 1 and 2 are written synchronously with fs.writeSync, so the order of the
// bytes is exactly the order of the fd_write calls; in browsers, each fd is line-buffered into
// console.log (stdout) / console.error (stderr).
//
// Exit: proc_exit throws a private WASIExit that `WASI.start` turns into the exit code.  A wasm
// trap (or any other exception) is reported as "<prog>: internal error: wasm trap: <message>"
// with exit code 134, the same as the embedded runner (ahc-runner).

export const isNode =
  typeof process === "object" &&
  process !== null &&
  typeof process.versions === "object" &&
  typeof process.versions.node === "string";

const nodeFs = isNode ? await import("node:fs") : null;

// WASI errno values.
const ESUCCESS = 0;
const EBADF = 8;
const EINVAL = 28;
const EIO = 29;
const ENOSYS = 52;
const ESPIPE = 70;

// WASI file types.
const FILETYPE_UNKNOWN = 0;
const FILETYPE_CHARACTER_DEVICE = 2;
const FILETYPE_DIRECTORY = 3;
const FILETYPE_REGULAR_FILE = 4;
const FILETYPE_SOCKET_STREAM = 6;

/** Exit code of a program that ended with an internal error (a trap), as GHC's `barf`. */
export const EXIT_INTERNAL_ERROR = 134;

/** Thrown by proc_exit to unwind out of the wasm code. */
class WASIExit extends Error {
  constructor(code) {
    super(`exit ${code}`);
    this.code = code;
  }
}

const encoder = new TextEncoder();

/** Blocks the thread for about `ms` milliseconds (used when a node fd is busy). */
function sleepSync(ms) {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  } catch {
    // No SharedArrayBuffer: spin instead.
    const end = Date.now() + ms;
    while (Date.now() < end);
  }
}

/** Line-buffered console output for browsers. */
class ConsoleSink {
  constructor(log) {
    this.log = log;
    this.pending = "";
    this.decoder = new TextDecoder();
  }
  write(bytes) {
    this.pending += this.decoder.decode(bytes, { stream: true });
    let nl;
    while ((nl = this.pending.indexOf("\n")) >= 0) {
      this.log(this.pending.slice(0, nl));
      this.pending = this.pending.slice(nl + 1);
    }
    return bytes.length;
  }
  flush() {
    this.pending += this.decoder.decode();
    if (this.pending !== "") {
      this.log(this.pending);
      this.pending = "";
    }
  }
}

/** Synchronous output to a node file descriptor. */
class NodeSink {
  constructor(fd) {
    this.fd = fd;
  }
  write(bytes) {
    let done = 0;
    while (done < bytes.length) {
      try {
        done += nodeFs.writeSync(this.fd, bytes, done, bytes.length - done);
      } catch (e) {
        // Non-blocking pipes: wait until the reader catches up.
        if (e.code === "EAGAIN") sleepSync(1);
        else throw e;
      }
    }
    return done;
  }
  flush() {}
}

/** Synchronous input from a node file descriptor. */
class NodeSource {
  constructor(fd) {
    this.fd = fd;
  }
  read(into) {
    for (;;) {
      try {
        return nodeFs.readSync(this.fd, into, 0, into.length, null);
      } catch (e) {
        if (e.code === "EAGAIN") sleepSync(1);
        else if (e.code === "EOF") return 0;
        else throw e;
      }
    }
  }
}

/** A source with no data (browsers' stdin). */
const emptySource = { read: () => 0 };

/** Filetype of a node fd for fd_fdstat_get. */
function nodeFiletype(fd) {
  try {
    const st = nodeFs.fstatSync(fd);
    if (st.isCharacterDevice()) return FILETYPE_CHARACTER_DEVICE;
    if (st.isFile()) return FILETYPE_REGULAR_FILE;
    if (st.isDirectory()) return FILETYPE_DIRECTORY;
    if (st.isSocket()) return FILETYPE_SOCKET_STREAM;
  } catch {
    // fall through
  }
  return FILETYPE_UNKNOWN;
}

/** NUL-terminated UTF-8 encodings of strings, for args_get / environ_get. */
function encodeStrings(strings) {
  return strings.map((s) => {
    const b = encoder.encode(s);
    const z = new Uint8Array(b.length + 1);
    z.set(b);
    return z;
  });
}

/**
 * A WASI preview 1 host for one instance.
 *
 * Options: `args` (argv, argv[0] = program name), `env` (object), `stdin` (object with
 * `read(Uint8Array) -> bytes read`), `stdout` / `stderr` (objects with `write(Uint8Array) ->
 * bytes written` and `flush()`).  Defaults: the node process's fds, or the console in browsers.
 */
export class WASI {
  constructor(options = {}) {
    this.args = encodeStrings(options.args ?? ["main"]);
    const env = options.env ?? {};
    this.env = encodeStrings(Object.entries(env).map(([k, v]) => `${k}=${v}`));
    this.fds = [
      options.stdin ?? (isNode ? new NodeSource(0) : emptySource),
      options.stdout ?? (isNode ? new NodeSink(1) : new ConsoleSink((s) => console.log(s))),
      options.stderr ?? (isNode ? new NodeSink(2) : new ConsoleSink((s) => console.error(s))),
    ];
    this.memory = null;
    this.imports = this.makeImports();
  }

  view() {
    return new DataView(this.memory.buffer);
  }

  bytes(ptr, len) {
    return new Uint8Array(this.memory.buffer, ptr, len);
  }

  makeImports() {
    const wasi = this;
    const getStrings = (strings, ptrsPtr, bufPtr) => {
      const v = wasi.view();
      let p = bufPtr;
      strings.forEach((s, i) => {
        v.setUint32(ptrsPtr + 4 * i, p, true);
        wasi.bytes(p, s.length).set(s);
        p += s.length;
      });
      return ESUCCESS;
    };
    const getSizes = (strings, countPtr, sizePtr) => {
      const v = wasi.view();
      v.setUint32(countPtr, strings.length, true);
      v.setUint32(sizePtr, strings.reduce((n, s) => n + s.length, 0), true);
      return ESUCCESS;
    };
    return {
      args_get: (argv, buf) => getStrings(wasi.args, argv, buf),
      args_sizes_get: (count, size) => getSizes(wasi.args, count, size),
      environ_get: (environ, buf) => getStrings(wasi.env, environ, buf),
      environ_sizes_get: (count, size) => getSizes(wasi.env, count, size),

      fd_write(fd, iovs, iovsLen, nwrittenPtr) {
        const sink = wasi.fds[fd];
        if (fd < 1 || fd > 2 || !sink) return EBADF;
        let total = 0;
        try {
          for (let i = 0; i < iovsLen; i++) {
            const v = wasi.view();
            const ptr = v.getUint32(iovs + 8 * i, true);
            const len = v.getUint32(iovs + 8 * i + 4, true);
            if (len > 0) total += sink.write(wasi.bytes(ptr, len));
          }
        } catch {
          return EIO;
        }
        wasi.view().setUint32(nwrittenPtr, total, true);
        return ESUCCESS;
      },

      fd_read(fd, iovs, iovsLen, nreadPtr) {
        if (fd !== 0) return EBADF;
        let total = 0;
        try {
          for (let i = 0; i < iovsLen; i++) {
            const v = wasi.view();
            const ptr = v.getUint32(iovs + 8 * i, true);
            const len = v.getUint32(iovs + 8 * i + 4, true);
            if (len === 0) continue;
            const n = wasi.fds[0].read(wasi.bytes(ptr, len));
            total += n;
            if (n < len) break;
          }
        } catch {
          return EIO;
        }
        wasi.view().setUint32(nreadPtr, total, true);
        return ESUCCESS;
      },

      fd_close: (fd) => (fd >= 0 && fd <= 2 ? ESUCCESS : EBADF),
      fd_seek: (fd) => (fd >= 0 && fd <= 2 ? ESPIPE : EBADF),
      fd_sync: (fd) => (fd >= 0 && fd <= 2 ? ESUCCESS : EBADF),

      fd_fdstat_get(fd, ptr) {
        if (fd < 0 || fd > 2) return EBADF;
        const v = wasi.view();
        const filetype = isNode ? nodeFiletype(fd) : FILETYPE_CHARACTER_DEVICE;
        v.setUint8(ptr, filetype);
        v.setUint16(ptr + 2, 0, true); // fs_flags
        // rights: fd_read (bit 1) for stdin, fd_write (bit 6) for stdout/stderr.
        v.setBigUint64(ptr + 8, fd === 0 ? 1n << 1n : 1n << 6n, true);
        v.setBigUint64(ptr + 16, 0n, true);
        return ESUCCESS;
      },
      fd_fdstat_set_flags: (fd) => (fd >= 0 && fd <= 2 ? ENOSYS : EBADF),

      // No preopened directories: libc's preopen scan stops at the first EBADF.
      fd_prestat_get: () => EBADF,
      fd_prestat_dir_name: () => EBADF,

      clock_res_get(id, resPtr) {
        if (id < 0 || id > 3) return EINVAL;
        wasi.view().setBigUint64(resPtr, id === 0 ? 1000000n : 1000n, true);
        return ESUCCESS;
      },
      clock_time_get(id, _precision, timePtr) {
        let ns;
        switch (id) {
          case 0: // realtime
            ns = BigInt(Date.now()) * 1000000n;
            break;
          case 1: // monotonic
            ns = isNode
              ? process.hrtime.bigint()
              : BigInt(Math.round(performance.now() * 1e6));
            break;
          case 2: // process cputime
          case 3: // thread cputime
            if (isNode) {
              const u = process.cpuUsage();
              ns = BigInt(u.user + u.system) * 1000n;
            } else {
              ns = BigInt(Math.round(performance.now() * 1e6));
            }
            break;
          default:
            return EINVAL;
        }
        wasi.view().setBigUint64(timePtr, ns, true);
        return ESUCCESS;
      },

      random_get(ptr, len) {
        for (let off = 0; off < len; off += 65536) {
          crypto.getRandomValues(wasi.bytes(ptr + off, Math.min(65536, len - off)));
        }
        return ESUCCESS;
      },

      sched_yield: () => ESUCCESS,

      proc_exit(code) {
        throw new WASIExit(code);
      },
    };
  }

  /** The import object for `module`: our functions, ENOSYS stubs for any other WASI import. */
  importObject(module) {
    const wasiImports = { ...this.imports };
    for (const imp of WebAssembly.Module.imports(module)) {
      if (
        imp.module === "wasi_snapshot_preview1" &&
        imp.kind === "function" &&
        !(imp.name in wasiImports)
      ) {
        wasiImports[imp.name] = () => ENOSYS;
      }
    }
    return { wasi_snapshot_preview1: wasiImports };
  }

  flush() {
    for (const fd of this.fds) if (fd.flush) fd.flush();
  }

  /** Runs the command's `_start`; returns the exit code. */
  start(instance) {
    this.memory = instance.exports.memory;
    try {
      instance.exports._start();
      return 0;
    } catch (e) {
      if (e instanceof WASIExit) return e.code;
      throw e;
    } finally {
      this.flush();
    }
  }
}

/** Reports an exception that escaped the program as an internal error; returns the exit code. */
function reportInternalError(wasi, progName, e) {
  let what;
  if (e instanceof WebAssembly.RuntimeError) what = `wasm trap: ${e.message}`;
  else if (e instanceof RangeError && /call stack/i.test(e.message))
    what = "wasm trap: call stack exhausted"; // as the embedded runner says
  else what = `${e && e.name ? e.name : "exception"}: ${e && e.message ? e.message : String(e)}`;
  const msg = encoder.encode(`${progName}: internal error: ${what}\n`);
  try {
    wasi.fds[2].write(msg);
    wasi.flush();
  } catch {
    // Nothing more can be done.
  }
  return EXIT_INTERNAL_ERROR;
}

/**
 * Instantiates a program (Asterius's API).
 *
 * `req` is the program data from `X.req.mjs` plus `module` (a compiled WebAssembly.Module).
 * Optional: `args` (program arguments after argv[0]), `env`, `stdin`, `stdout`, `stderr` (see
 * `WASI`).  Returns `i` with `i.exports.main()`, a Promise of the exit code, `i.exports.memory`,
 * and `i.wasi`.
 */
export async function newAsteriusInstance(req) {
  const progName = req.progName ?? "main";
  const args = req.args ?? (isNode ? process.argv.slice(2) : []);
  const env = req.env ?? (isNode ? process.env : {});
  const wasi = new WASI({
    args: [progName, ...args],
    env,
    stdin: req.stdin,
    stdout: req.stdout,
    stderr: req.stderr,
  });
  const imports = wasi.importObject(req.module);
  const jsffi = req.jsffiFactory ? req.jsffiFactory({}) : {};
  for (const [mod, fns] of Object.entries(jsffi)) imports[mod] = fns;
  const instance = await WebAssembly.instantiate(req.module, imports);
  return {
    wasi,
    instance,
    exports: {
      memory: instance.exports.memory,
      main: async () => {
        try {
          return wasi.start(instance);
        } catch (e) {
          return reportInternalError(wasi, progName, e);
        }
      },
    },
  };
}
