/** An SVG imported by the app: the build emits the file (hashed, under `media/`) and gives its URL. */
declare module '*.svg' {
  const url: string;
  export default url;
}
