// The umbrella module: `import DL` gives the whole framework.
@_exported import DLCore
@_exported import DLData
@_exported import DLLayers
@_exported import DLModels
