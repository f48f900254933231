process.env.AWS_REGION ??= 'us-east-1';
process.env.POWERTOOLS_DEV = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
