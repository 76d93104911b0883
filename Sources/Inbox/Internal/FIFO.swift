/// A first-in, first-out queue with O(1) amortised `append` and `popFirst`.
struct FIFO<Element: Sendable>: Sendable {
    private var storage: [Element] = []
    private var head = 0

    /// The number of queued elements.
    var count: Int { storage.count - head }

    /// Whether the queue is empty.
    var isEmpty: Bool { count == 0 }

    /// Adds an element at the back.
    mutating func append(_ element: Element) {
        storage.append(element)
    }

    /// Removes and returns the front element, if any.
    mutating func popFirst() -> Element? {
        guard head < storage.count else {
            return nil
        }
        let element = storage[head]
        head += 1
        // Reclaim the consumed prefix once it is at least half of the storage.
        if head >= 64, head * 2 >= storage.count {
            storage.removeFirst(head)
            head = 0
        }
        return element
    }

    /// Empties the queue.
    mutating func removeAll() {
        storage.removeAll()
        head = 0
    }
}
