#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A POSIX thread that runs a closure and is never joined: what the daemon needs of a
/// thread, without Foundation's `Thread` (whose module brings ICU into the binary).
public enum DetachedThread {
    /// Starts `body` on a new thread named `name` (cut to the 15 bytes Linux keeps; shown
    /// by `ps -L`, `top -H` and in core dumps), with a stack of `stackSize` bytes or the
    /// system's default. A thread that cannot be created is a fatal error: the daemon
    /// cannot run without the threads it starts at launch.
    public static func start(name: String, stackSize: Int? = nil, _ body: @escaping @Sendable () -> Void) {
        let context = Unmanaged.passRetained(ThreadStart(name: name, body: body)).toOpaque()
        let error = create(context, stackSize: stackSize)
        if error != 0 {
            Unmanaged<ThreadStart>.fromOpaque(context).release()
            fatalError("cannot start thread \(name): \(String(cString: strerror(error)))")
        }
    }

    private static func create(_ context: UnsafeMutableRawPointer, stackSize: Int?) -> Int32 {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        if let stackSize { pthread_attr_setstacksize(&attributes, stackSize) }
        var thread = pthread_t()
        let error = pthread_create(&thread, &attributes, threadEntry, context)
        pthread_attr_destroy(&attributes)
        return error
    }
}

/// What the new thread needs, handed over as one retained reference.
private final class ThreadStart: Sendable {
    let name: String
    let body: @Sendable () -> Void

    init(name: String, body: @escaping @Sendable () -> Void) {
        // The kernel keeps 15 bytes of a thread's name (and refuses longer ones).
        var bytes = Array(name.utf8.prefix(15))
        while !bytes.isEmpty && String(validating: bytes, as: UTF8.self) == nil { bytes.removeLast() }
        self.name = String(decoding: bytes, as: UTF8.self)
        self.body = body
    }
}

private func threadEntry(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    let start = Unmanaged<ThreadStart>.fromOpaque(context!).takeRetainedValue()
    setCurrentThreadName(start.name)
    start.body()
    return nil
}

/// What pthread_setname_np does for the calling thread (Glibc's Swift module does not
/// declare it, and prctl is variadic): the name written to its `comm` file. Best effort:
/// a name is a convenience for `ps -L` and `top -H`, nothing depends on it.
private func setCurrentThreadName(_ name: String) {
    let fd = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
    guard fd >= 0 else { return }
    _ = name.withCString { write(fd, $0, strlen($0)) }
    close(fd)
}
