export { loadAzureExports, parseAzureExportText, newAzureExport, type AzureExport } from "./load.js";
export { SHAPES, recognise } from "./shapes.js";
