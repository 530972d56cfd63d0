package config

// The fuzz targets parse their inputs without writing them to a file.
var (
	ParseWrangler = parseWrangler
	ParseTool     = parseTool
)
