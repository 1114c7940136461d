internal import Synchronization

/// A cap on the analyses running at once: a request takes a slot or is turned away, so the
/// service never queues work without bound.
final class WorkGate: Sendable {
    private let running = Mutex(0)
    /// The most slots.
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Takes a slot; `false` when every slot is taken.
    func enter() -> Bool {
        running.withLock { count in
            guard count < capacity else { return false }
            count += 1
            return true
        }
    }

    /// Gives a slot back.
    func leave() { running.withLock { $0 -= 1 } }

    /// The slots taken now.
    var inFlight: Int { running.withLock { $0 } }
}
