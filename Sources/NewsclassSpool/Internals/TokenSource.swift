import Synchronization

/// Claim tokens without a system call per claim: a random 64-bit start drawn once per
/// claimer, then counting up (wrapping). Across runs the random starts keep the tokens
/// apart, and the claim's RENAME_NOREPLACE catches the astronomically unlikely overlap (a
/// collision just takes the next token).
internal final class TokenSource: Sendable {
  private let start: UInt64
  private let counter = Atomic<UInt64>(0)

  init(start: UInt64 = UInt64.random(in: .min ... .max)) {
    self.start = start
  }

  func next() -> [UInt8] {
    let step = counter.wrappingAdd(1, ordering: .relaxed).oldValue
    return ClaimName.token(start &+ step)
  }
}
