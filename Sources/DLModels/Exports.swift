// DLModels builds on DLLayers and DLCore; importing it gives their APIs too.
@_exported import DLCore
@_exported import DLLayers
