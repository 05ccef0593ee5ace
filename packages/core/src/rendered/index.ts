// Rendered sources: mapping findings on kustomize/helm output back to the files people write.
export {
  KustomizeMapper,
  originOf,
  pointerSegments,
  ORIGIN_ANNOTATION,
  TRANSFORMATIONS_ANNOTATION,
  type MappedPlace,
  type RenderedVia,
  type KustomizeMapOptions,
} from './kustomize-map.js';
export {
  KustomizationReader,
  KUSTOMIZATION_FILES,
  type Kustomization,
  type ReadText,
} from './kustomization-tree.js';
export { helmSourceAt, isHelmOutput, pathInChart, templateKeyOffsets } from './helm-map.js';
export { rangeInText } from './text-range.js';
export { parsePath } from './parse-path.js';
export { planKustomizations, shownBelow, type Folder } from './kustomization-plan.js';
export {
  buildKustomization,
  kustomizeCommand,
  NO_KUSTOMIZE,
  type KustomizeBuild,
} from './kustomize-build.js';
export { findExecutable } from './find-executable.js';
export { runTool, firstErrorLine, type ToolResult } from './run-tool.js';
