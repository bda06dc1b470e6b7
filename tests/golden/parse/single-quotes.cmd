cwfilter parse "{\$.userIdentity.type = 'Root' && \$.userIdentity.invokedBy NOT EXISTS}"
