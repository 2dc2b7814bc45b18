@_exported import DLCore
@_exported import DLLayers
