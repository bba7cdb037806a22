/** .css files are imported as minified strings by the widget build. */
declare module '*.css' {
  const css: string;
  export default css;
}
