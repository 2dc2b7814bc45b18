// DLLayers builds on DLCore; importing it gives the tensor API too.
@_exported import DLCore
