// DLModels builds on DLLayers, DLData and DLCore; importing it gives their APIs too.
@_exported import DLCore
@_exported import DLLayers
@_exported import DLData
