import SystemPackage

/// Reads a whole input (a path or "-" for standard input) into memory, at most `limit + 1`
/// bytes, so that an oversized file is detected without reading all of it.
enum InputFile {
    static func read(_ path: String, limit: Int) throws -> [UInt8] {
        if path == "-" { return try readAll(from: .standardInput, limit: limit) }
        let fd = try FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec])
        return try fd.closeAfter { try readAll(from: fd, limit: limit) }
    }

    private static func readAll(from fd: FileDescriptor, limit: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        let chunk = 64 * 1024
        while bytes.count <= limit {
            let start = bytes.count
            bytes.append(contentsOf: repeatElement(0, count: chunk))
            let count = try bytes.withUnsafeMutableBytes { buffer in
                try fd.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[start...]))
            }
            bytes.removeLast(chunk - count)
            if count == 0 { break }
        }
        return bytes
    }
}
