/** Options of the @nestjs/swagger compiler plugin in the webpack build. */
module.exports = {
  dtoFileNameSuffix: ['.dto.ts', '.response.ts'],
  controllerFileNameSuffix: ['.controller.ts'],
  classValidatorShim: true,
  introspectComments: true,
  // A handler's JSDoc becomes its operation's description (its summary comes from @ApiOperation).
  controllerKeyOfComment: 'description',
};
