@_exported import DLCore
