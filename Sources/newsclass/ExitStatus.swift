import ArgumentParser

/// The sysexits codes the contract promises.
enum ExitStatus {
    static let usage = ExitCode(64)
    static let dataError = ExitCode(65)
    static let noInput = ExitCode(66)
    static let ioError = ExitCode(74)
    static let configError = ExitCode(78)
}
