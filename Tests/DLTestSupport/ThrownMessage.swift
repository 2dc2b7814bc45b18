/// The description of the error `make` throws, or "no error" when it returns: for tests that check
/// what a `DLError` says.
public func thrownMessage<T>(_ make: () throws -> T) -> String {
    do { _ = try make(); return "no error" } catch { return "\(error)" }
}
