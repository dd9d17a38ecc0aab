export { loadAzureExports, parseAzureExportText, newAzureExport, AZURE_INPUT, type AzureExport, type LoadAzureOptions } from "./load.js";
export { SHAPES, recognise, type Shape } from "./shapes.js";
export { scanJson, type ScanResult } from "./json-scan.js";
