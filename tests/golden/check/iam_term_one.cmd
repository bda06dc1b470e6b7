cwfilter check 'PutRolePolicy -Root'
