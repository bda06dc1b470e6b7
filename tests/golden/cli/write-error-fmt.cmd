cwfilter fmt 'ERROR' > /dev/full
