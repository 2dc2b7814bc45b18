"""A Jupyter kernel for Swift with SwiftDL, driving the Swift REPL through LLDB's Python API."""
