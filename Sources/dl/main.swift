print("dl")
