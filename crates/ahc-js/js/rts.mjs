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
// Files (node): preopens "." (the current directory) as fd 3 and "/" as fd 4 (option
// `preopens`); path_open opens `<directory's path>/<path>` (not normalised, not confined: ".."
// climbs out as for a native process) with fs.openSync and the open(2) flags path_open implies
// (access mode from the rights fd_read/fd_write, O_CREAT/O_EXCL/O_TRUNC/O_DIRECTORY, O_NOFOLLOW
// without SYMLINK_FOLLOW, mode 0666); the lowest free descriptor number; file offsets kept
// here (positioned reads and writes); fdflags recorded (APPEND: every write goes to the end;
// NONBLOCK only reported); errors are node's `e.code`s translated to WASI errnos.  The same
// behaviour as the embedded runner (crates/ahc-runner/src/wasi.rs).  A character device that is
// not a terminal (/dev/null) gets the rights fd_seek/fd_tell, a terminal does not (wasi-libc's
// isatty test).  poll_oneoff: descriptor subscriptions are ready at once; clock subscriptions
// sleep (Atomics.wait) until the earliest is due.  Browsers: no preopens.
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
const nodeTty = isNode ? await import("node:tty") : null;

// WASI errno values.
const ESUCCESS = 0;
const EBADF = 8;
const EFAULT = 21;
const EINVAL = 28;
const EIO = 29;
const EISDIR = 31;
const ENOSYS = 52;
const ENOTDIR = 54;
const ESPIPE = 70;

/** WASI errno of each POSIX error code name (node's `e.code`). */
const ERRNO_OF_CODE = Object.fromEntries(
  [
    "E2BIG", "EACCES", "EADDRINUSE", "EADDRNOTAVAIL", "EAFNOSUPPORT", "EAGAIN", "EALREADY",
    "EBADF", "EBADMSG", "EBUSY", "ECANCELED", "ECHILD", "ECONNABORTED", "ECONNREFUSED",
    "ECONNRESET", "EDEADLK", "EDESTADDRREQ", "EDOM", "EDQUOT", "EEXIST", "EFAULT", "EFBIG",
    "EHOSTUNREACH", "EIDRM", "EILSEQ", "EINPROGRESS", "EINTR", "EINVAL", "EIO", "EISCONN",
    "EISDIR", "ELOOP", "EMFILE", "EMLINK", "EMSGSIZE", "EMULTIHOP", "ENAMETOOLONG", "ENETDOWN",
    "ENETRESET", "ENETUNREACH", "ENFILE", "ENOBUFS", "ENODEV", "ENOENT", "ENOEXEC", "ENOLCK",
    "ENOLINK", "ENOMEM", "ENOMSG", "ENOPROTOOPT", "ENOSPC", "ENOSYS", "ENOTCONN", "ENOTDIR",
    "ENOTEMPTY", "ENOTRECOVERABLE", "ENOTSOCK", "ENOTSUP", "ENOTTY", "ENXIO", "EOVERFLOW",
    "EOWNERDEAD", "EPERM", "EPIPE", "EPROTO", "EPROTONOSUPPORT", "EPROTOTYPE", "ERANGE", "EROFS",
    "ESPIPE", "ESRCH", "ESTALE", "ETIMEDOUT", "ETXTBSY", "EXDEV",
  ].map((code, i) => [code, i + 1]),
);

/** The WASI errno for an exception thrown by node's fs. */
function errnoOf(e) {
  if (e && e.code === "EOPNOTSUPP") return ERRNO_OF_CODE.ENOTSUP;
  return (e && ERRNO_OF_CODE[e.code]) || EIO;
}

// WASI file types.
const FILETYPE_UNKNOWN = 0;
const FILETYPE_BLOCK_DEVICE = 1;
const FILETYPE_CHARACTER_DEVICE = 2;
const FILETYPE_DIRECTORY = 3;
const FILETYPE_REGULAR_FILE = 4;
const FILETYPE_SOCKET_STREAM = 6;
const FILETYPE_SYMBOLIC_LINK = 7;

// WASI rights, oflags, fdflags, lookupflags.
const RIGHT_FD_READ = 1n << 1n;
const RIGHT_FD_SEEK = 1n << 2n;
const RIGHT_FD_TELL = 1n << 5n;
const RIGHT_FD_WRITE = 1n << 6n;
const RIGHTS_ALL = (1n << 30n) - 1n;
const OFLAG_CREAT = 1;
const OFLAG_DIRECTORY = 2;
const OFLAG_EXCL = 4;
const OFLAG_TRUNC = 8;
const FDFLAG_APPEND = 1;
const LOOKUP_SYMLINK_FOLLOW = 1;

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

/** Blocks the thread for at least `ns` nanoseconds (a BigInt) of the monotonic clock. */
function sleepNs(ns) {
  const end = clockNs(1) + ns;
  for (;;) {
    const left = end - clockNs(1);
    if (left <= 0n) return;
    sleepSync(Number(left) / 1e6);
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

/** WASI file type of node `fs.Stats` (FIFOs have none: unknown). */
function filetypeOf(st) {
  if (st.isCharacterDevice()) return FILETYPE_CHARACTER_DEVICE;
  if (st.isFile()) return FILETYPE_REGULAR_FILE;
  if (st.isDirectory()) return FILETYPE_DIRECTORY;
  if (st.isSocket()) return FILETYPE_SOCKET_STREAM;
  if (st.isBlockDevice()) return FILETYPE_BLOCK_DEVICE;
  if (st.isSymbolicLink()) return FILETYPE_SYMBOLIC_LINK;
  return FILETYPE_UNKNOWN;
}

/** Filetype of a node fd for fd_fdstat_get. */
function nodeFiletype(fd) {
  try {
    return filetypeOf(nodeFs.fstatSync(fd));
  } catch {
    return FILETYPE_UNKNOWN;
  }
}

/** Writes a WASI filestat for node bigint `fs.Stats` (null: a bare character device). */
function putFilestat(view, ptr, st) {
  const u = (x) => BigInt.asUintN(64, x);
  view.setBigUint64(ptr, st ? u(st.dev) : 0n, true);
  view.setBigUint64(ptr + 8, st ? u(st.ino) : 0n, true);
  view.setBigUint64(ptr + 16, 0n, true);
  view.setUint8(ptr + 16, st ? filetypeOf(st) : FILETYPE_CHARACTER_DEVICE);
  view.setBigUint64(ptr + 24, st ? u(st.nlink) : 1n, true);
  view.setBigUint64(ptr + 32, st ? u(st.size) : 0n, true);
  view.setBigUint64(ptr + 40, st ? u(st.atimeNs) : 0n, true);
  view.setBigUint64(ptr + 48, st ? u(st.mtimeNs) : 0n, true);
  view.setBigUint64(ptr + 56, st ? u(st.ctimeNs) : 0n, true);
}

/** `base + "/" + rel` as a Buffer (paths may be any bytes). */
function joinPath(base, rel) {
  const b = Buffer.from(base);
  const sep = b.length > 0 && b[b.length - 1] === 0x2f ? [] : [Buffer.from("/")];
  return Buffer.concat([b, ...sep, Buffer.from(rel)]);
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

/** The time of WASI clock `id` in nanoseconds (a BigInt), null for an unknown clock. */
function clockNs(id) {
  switch (id) {
    case 0: // realtime
      return BigInt(Date.now()) * 1000000n;
    case 1: // monotonic
      return isNode ? process.hrtime.bigint() : BigInt(Math.round(performance.now() * 1e6));
    case 2: // process cputime
    case 3: // thread cputime
      if (isNode) {
        const u = process.cpuUsage();
        return BigInt(u.user + u.system) * 1000n;
      }
      return BigInt(Math.round(performance.now() * 1e6));
    default:
      return null;
  }
}

/**
 * A WASI preview 1 host for one instance.
 *
 * Options: `args` (argv, argv[0] = program name), `env` (object), `stdin` (object with
 * `read(Uint8Array) -> bytes read`), `stdout` / `stderr` (objects with `write(Uint8Array) ->
 * bytes written` and `flush()`), `preopens` (array of [name the program sees, host directory],
 * descriptors 3, 4, …).  Defaults: the node process's fds, or the console in browsers;
 * preopens [[".", "."], ["/", "/"]] in node, none in browsers.
 */
export class WASI {
  constructor(options = {}) {
    this.args = encodeStrings(options.args ?? ["main"]);
    const env = options.env ?? {};
    this.env = encodeStrings(Object.entries(env).map(([k, v]) => `${k}=${v}`));
    this.streams = [
      options.stdin ?? (isNode ? new NodeSource(0) : emptySource),
      options.stdout ?? (isNode ? new NodeSink(1) : new ConsoleSink((s) => console.log(s))),
      options.stderr ?? (isNode ? new NodeSink(2) : new ConsoleSink((s) => console.error(s))),
    ];
    // Descriptors: { kind: "stdio", n } | { kind: "preopen", name: Uint8Array, path } |
    // { kind: "file", fd, path: Buffer, dir, rights: BigInt, fdflags, pos }.
    this.fds = [0, 1, 2].map((n) => ({ kind: "stdio", n }));
    const preopens = options.preopens ?? (isNode ? [[".", "."], ["/", "/"]] : []);
    for (const [name, path] of preopens) {
      this.fds.push({ kind: "preopen", name: encoder.encode(name), path });
    }
    this.memory = null;
    this.imports = this.makeImports();
  }

  view() {
    return new DataView(this.memory.buffer);
  }

  bytes(ptr, len) {
    return new Uint8Array(this.memory.buffer, ptr, len);
  }

  /** The [ptr, len] pairs of an iovec array. */
  iovecs(iovs, n) {
    const v = this.view();
    const out = [];
    for (let i = 0; i < n; i++) {
      out.push([v.getUint32(iovs + 8 * i, true), v.getUint32(iovs + 8 * i + 4, true)]);
    }
    return out;
  }

  /** [file type, rights] of standard stream `n`. */
  stdioType(n) {
    const filetype = isNode ? nodeFiletype(n) : FILETYPE_CHARACTER_DEVICE;
    const tty = isNode ? nodeTty.isatty(n) : true;
    let rights = n === 0 ? RIGHT_FD_READ : RIGHT_FD_WRITE;
    if (!tty && (filetype === FILETYPE_CHARACTER_DEVICE || filetype === FILETYPE_REGULAR_FILE)) {
      rights |= RIGHT_FD_SEEK | RIGHT_FD_TELL;
    }
    return [filetype, rights];
  }

  /** The host path (a Buffer) of the guest path (ptr, len) inside directory `dirfd`, or an errno. */
  hostPath(dirfd, ptr, len) {
    const e = this.fds[dirfd];
    if (!e) return EBADF;
    if (!(e.kind === "preopen" || (e.kind === "file" && e.dir))) return ENOTDIR;
    if (!nodeFs) return ENOSYS;
    return joinPath(e.path, this.bytes(ptr, len));
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
        const e = wasi.fds[fd];
        if (!e) return EBADF;
        let total = 0;
        if (e.kind === "stdio" && e.n > 0) {
          const sink = wasi.streams[e.n];
          try {
            for (const [ptr, len] of wasi.iovecs(iovs, iovsLen)) {
              if (len > 0) total += sink.write(wasi.bytes(ptr, len));
            }
          } catch {
            return EIO;
          }
        } else if (e.kind === "file") {
          if (e.dir) return EISDIR;
          try {
            if (e.fdflags & FDFLAG_APPEND) e.pos = nodeFs.fstatSync(e.fd).size;
          } catch (err) {
            return errnoOf(err);
          }
          for (const [ptr, len] of wasi.iovecs(iovs, iovsLen)) {
            let done = 0;
            let failed = null;
            try {
              while (done < len) {
                const k = nodeFs.writeSync(e.fd, wasi.bytes(ptr + done, len - done), 0, len - done, e.pos);
                done += k;
                e.pos += k;
              }
            } catch (err) {
              failed = err;
            }
            total += done;
            if (failed !== null) {
              if (total === 0) return errnoOf(failed);
              break;
            }
          }
        } else {
          return EBADF;
        }
        wasi.view().setUint32(nwrittenPtr, total, true);
        return ESUCCESS;
      },

      fd_read(fd, iovs, iovsLen, nreadPtr) {
        const e = wasi.fds[fd];
        if (!e) return EBADF;
        let total = 0;
        for (const [ptr, len] of wasi.iovecs(iovs, iovsLen)) {
          if (len === 0) continue;
          let n;
          try {
            if (e.kind === "stdio" && e.n === 0) {
              n = wasi.streams[0].read(wasi.bytes(ptr, len));
            } else if (e.kind === "file") {
              n = nodeFs.readSync(e.fd, wasi.bytes(ptr, len), 0, len, e.pos);
              e.pos += n;
            } else {
              return EBADF;
            }
          } catch (err) {
            if (total > 0) break;
            return e.kind === "file" ? errnoOf(err) : EIO;
          }
          total += n;
          if (n < len) break;
        }
        wasi.view().setUint32(nreadPtr, total, true);
        return ESUCCESS;
      },

      fd_close(fd) {
        const e = wasi.fds[fd];
        if (!e) return EBADF;
        if (e.kind === "stdio") return ESUCCESS;
        if (e.kind === "file") {
          try {
            nodeFs.closeSync(e.fd);
          } catch {
            // the descriptor is gone either way
          }
        }
        wasi.fds[fd] = undefined;
        return ESUCCESS;
      },

      fd_seek(fd, offset, whence, newPtr) {
        const e = wasi.fds[fd];
        if (!e) return EBADF;
        if (e.kind !== "file") return ESPIPE;
        let base;
        try {
          if (whence === 0) base = 0;
          else if (whence === 1) base = e.pos;
          else if (whence === 2) base = nodeFs.fstatSync(e.fd).size;
          else return EINVAL;
        } catch (err) {
          return errnoOf(err);
        }
        const pos = base + Number(offset);
        if (pos < 0) return EINVAL;
        e.pos = pos;
        wasi.view().setBigUint64(newPtr, BigInt(pos), true);
        return ESUCCESS;
      },

      fd_tell(fd, ptr) {
        const e = wasi.fds[fd];
        if (!e) return EBADF;
        if (e.kind !== "file") return ESPIPE;
        wasi.view().setBigUint64(ptr, BigInt(e.pos), true);
        return ESUCCESS;
      },

      fd_sync(fd) {
        const e = wasi.fds[fd];
        if (!e) return EBADF;
        if (e.kind === "file" && !e.dir) {
          try {
            nodeFs.fsyncSync(e.fd);
          } catch (err) {
            return errnoOf(err);
          }
        }
        return ESUCCESS;
      },

      fd_fdstat_get(fd, ptr) {
        const e = wasi.fds[fd];
        if (!e) return EBADF;
        let filetype, flags = 0, rights, inheriting = RIGHTS_ALL;
        if (e.kind === "stdio") {
          [filetype, rights] = wasi.stdioType(e.n);
          inheriting = 0n;
        } else if (e.kind === "preopen") {
          filetype = FILETYPE_DIRECTORY;
          rights = RIGHTS_ALL;
        } else {
          filetype = nodeFiletype(e.fd);
          flags = e.fdflags;
          rights = e.rights;
        }
        const v = wasi.view();
        v.setUint8(ptr, filetype);
        v.setUint8(ptr + 1, 0);
        v.setUint16(ptr + 2, flags, true);
        v.setUint32(ptr + 4, 0, true);
        v.setBigUint64(ptr + 8, rights, true);
        v.setBigUint64(ptr + 16, inheriting, true);
        return ESUCCESS;
      },

      fd_fdstat_set_flags(fd, flags) {
        const e = wasi.fds[fd];
        if (!e) return EBADF;
        if (e.kind !== "file") return ENOSYS;
        e.fdflags = flags & 0x1f;
        return ESUCCESS;
      },

      fd_filestat_get(fd, ptr) {
        const e = wasi.fds[fd];
        if (!e) return EBADF;
        let st = null;
        try {
          if (e.kind === "stdio") {
            if (isNode) {
              try {
                st = nodeFs.fstatSync(e.n, { bigint: true });
              } catch {
                st = null;
              }
            }
          } else if (e.kind === "preopen") {
            st = nodeFs.statSync(e.path, { bigint: true });
          } else {
            st = nodeFs.fstatSync(e.fd, { bigint: true });
          }
        } catch (err) {
          return errnoOf(err);
        }
        putFilestat(wasi.view(), ptr, st);
        return ESUCCESS;
      },

      fd_filestat_set_size(fd, size) {
        const e = wasi.fds[fd];
        if (!e) return EBADF;
        if (e.kind === "stdio") return EINVAL;
        if (e.kind === "preopen" || e.dir) return EISDIR;
        try {
          nodeFs.ftruncateSync(e.fd, Number(size));
        } catch (err) {
          return errnoOf(err);
        }
        return ESUCCESS;
      },

      fd_prestat_get(fd, ptr) {
        const e = wasi.fds[fd];
        if (!e || e.kind !== "preopen") return EBADF;
        const v = wasi.view();
        v.setUint32(ptr, 0, true); // tag 0: a directory
        v.setUint32(ptr + 4, e.name.length, true);
        return ESUCCESS;
      },

      fd_prestat_dir_name(fd, ptr, len) {
        const e = wasi.fds[fd];
        if (!e || e.kind !== "preopen") return EBADF;
        wasi.bytes(ptr, Math.min(len, e.name.length)).set(e.name.subarray(0, len));
        return ESUCCESS;
      },

      fd_renumber(from, to) {
        if (!wasi.fds[from] || !wasi.fds[to]) return EBADF;
        if (from !== to) {
          wasi.fds[to] = wasi.fds[from];
          wasi.fds[from] = undefined;
        }
        return ESUCCESS;
      },

      path_open(dirfd, dirflags, path, pathLen, oflags, rights, _inheriting, fdflags, openedPtr) {
        const p = wasi.hostPath(dirfd, path, pathLen);
        if (typeof p === "number") return p;
        const C = nodeFs.constants;
        const read = (rights & RIGHT_FD_READ) !== 0n;
        const write = (rights & RIGHT_FD_WRITE) !== 0n;
        let flags = write ? (read ? C.O_RDWR : C.O_WRONLY) : C.O_RDONLY;
        if (oflags & OFLAG_CREAT) flags |= C.O_CREAT;
        if (oflags & OFLAG_EXCL) flags |= C.O_EXCL;
        if (oflags & OFLAG_TRUNC) flags |= C.O_TRUNC;
        if (oflags & OFLAG_DIRECTORY) flags |= C.O_DIRECTORY;
        if (!(dirflags & LOOKUP_SYMLINK_FOLLOW)) flags |= C.O_NOFOLLOW;
        let fd, dir;
        try {
          fd = nodeFs.openSync(p, flags, 0o666);
          dir = nodeFs.fstatSync(fd).isDirectory();
        } catch (err) {
          return errnoOf(err);
        }
        let n = wasi.fds.findIndex((x) => !x);
        if (n < 0) n = wasi.fds.length;
        wasi.fds[n] = { kind: "file", fd, path: p, dir, rights, fdflags: fdflags & 0x1f, pos: 0 };
        wasi.view().setUint32(openedPtr, n, true);
        return ESUCCESS;
      },

      path_filestat_get(dirfd, flags, path, pathLen, ptr) {
        const p = wasi.hostPath(dirfd, path, pathLen);
        if (typeof p === "number") return p;
        let st;
        try {
          st = flags & LOOKUP_SYMLINK_FOLLOW
            ? nodeFs.statSync(p, { bigint: true })
            : nodeFs.lstatSync(p, { bigint: true });
        } catch (err) {
          return errnoOf(err);
        }
        putFilestat(wasi.view(), ptr, st);
        return ESUCCESS;
      },

      path_filestat_set_times(dirfd, flags, path, pathLen, atim, mtim, fst) {
        const p = wasi.hostPath(dirfd, path, pathLen);
        if (typeof p === "number") return p;
        const follow = flags & LOOKUP_SYMLINK_FOLLOW;
        try {
          const st = follow ? nodeFs.statSync(p) : nodeFs.lstatSync(p);
          const now = Date.now() / 1000;
          const pick = (set, nowFlag, t, old) =>
            fst & nowFlag ? now : fst & set ? Number(t) / 1e9 : old / 1000;
          const a = pick(1, 2, atim, st.atimeMs);
          const m = pick(4, 8, mtim, st.mtimeMs);
          if (follow) nodeFs.utimesSync(p, a, m);
          else nodeFs.lutimesSync(p, a, m);
        } catch (err) {
          return errnoOf(err);
        }
        return ESUCCESS;
      },

      path_unlink_file(dirfd, path, pathLen) {
        const p = wasi.hostPath(dirfd, path, pathLen);
        if (typeof p === "number") return p;
        try {
          nodeFs.unlinkSync(p);
        } catch (err) {
          return errnoOf(err);
        }
        return ESUCCESS;
      },

      path_link(oldfd, _oldflags, oldPath, oldLen, newfd, newPath, newLen) {
        const a = wasi.hostPath(oldfd, oldPath, oldLen);
        if (typeof a === "number") return a;
        const b = wasi.hostPath(newfd, newPath, newLen);
        if (typeof b === "number") return b;
        try {
          nodeFs.linkSync(a, b);
        } catch (err) {
          return errnoOf(err);
        }
        return ESUCCESS;
      },

      path_readlink(dirfd, path, pathLen, buf, bufLen, usedPtr) {
        const p = wasi.hostPath(dirfd, path, pathLen);
        if (typeof p === "number") return p;
        let target;
        try {
          target = nodeFs.readlinkSync(p, { encoding: "buffer" });
        } catch (err) {
          return errnoOf(err);
        }
        const n = Math.min(bufLen, target.length);
        wasi.bytes(buf, n).set(target.subarray(0, n));
        wasi.view().setUint32(usedPtr, n, true);
        return ESUCCESS;
      },

      poll_oneoff(subs, events, n, neventsPtr) {
        if (n <= 0) return EINVAL;
        const v = wasi.view();
        const parsed = [];
        for (let i = 0; i < n; i++) {
          const s = subs + 48 * i;
          const userdata = v.getBigUint64(s, true);
          const tag = v.getUint8(s + 8);
          if (tag === 0) {
            const id = v.getUint32(s + 16, true);
            const timeout = v.getBigUint64(s + 24, true);
            const abs = v.getUint16(s + 40, true) & 1;
            const now = clockNs(id);
            if (now === null) parsed.push({ userdata, tag, error: EINVAL, left: null });
            else {
              let left = abs ? timeout - now : timeout;
              if (left < 0n) left = 0n;
              parsed.push({ userdata, tag, error: ESUCCESS, left });
            }
          } else if (tag === 1 || tag === 2) {
            const fd = v.getUint32(s + 16, true);
            parsed.push({ userdata, tag, error: wasi.fds[fd] ? ESUCCESS : EBADF, left: null });
          } else {
            return EINVAL;
          }
        }
        const immediate = parsed.some((p) => p.left === null);
        let wait = null;
        for (const p of parsed) if (p.left !== null && (wait === null || p.left < wait)) wait = p.left;
        if (!immediate && wait !== null) sleepNs(wait);
        let k = 0;
        const out = wasi.view();
        for (const p of parsed) {
          if (p.left !== null && (immediate || p.left !== wait)) continue;
          const ev = events + 32 * k;
          wasi.bytes(ev, 32).fill(0);
          out.setBigUint64(ev, p.userdata, true);
          out.setUint16(ev + 8, p.error, true);
          out.setUint8(ev + 10, p.tag);
          k++;
        }
        out.setUint32(neventsPtr, k, true);
        return ESUCCESS;
      },

      clock_res_get(id, resPtr) {
        if (id < 0 || id > 3) return EINVAL;
        wasi.view().setBigUint64(resPtr, id === 0 ? 1000000n : 1000n, true);
        return ESUCCESS;
      },
      clock_time_get(id, _precision, timePtr) {
        const ns = clockNs(id);
        if (ns === null) return EINVAL;
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
    for (const s of this.streams) if (s.flush) s.flush();
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
    wasi.streams[2].write(msg);
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
